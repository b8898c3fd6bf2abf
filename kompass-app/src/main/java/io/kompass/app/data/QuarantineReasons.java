package io.kompass.app.data;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.RowRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;

/**
 * Why a row was quarantined, in the page's language. The import writes its reasons in English (the
 * CLI and the API show them as written); each kind of reason is recognised here by its wording and
 * said again from the message bundles, with its field, values and counts kept. A reason of a kind
 * not known here (for example the CSV reader's own message) is shown as written.
 */
public final class QuarantineReasons {

  /** A quoted value as reasons write it, or as the quality report blanks it ({@code '…'}). */
  private static final String Q = "('[^']*')";

  /** A field: a canonical column name, or an export's header such as {@code Deal - Pipeline}. */
  private static final String FIELD = "([^:]+)";

  private record Kind(Pattern pattern, String key, List<Function<String, String>> args) {}

  private static final List<Kind> KINDS = new ArrayList<>();

  @SafeVarargs
  private static void kind(String regex, String key, Function<String, String>... args) {
    List<Function<String, String>> each = new ArrayList<>(); // some are null: the value is shown as it is
    for (Function<String, String> f : args) {
      each.add(f);
    }
    KINDS.add(new Kind(Pattern.compile(regex), key, java.util.Collections.unmodifiableList(each)));
  }

  /** The row rules of the canonical model by their English wording, each with its message key. */
  private static final Map<String, String> RULES = CanonicalModel.tables().stream()
      .flatMap(t -> CanonicalModel.rowRules(t.name()).stream())
      .map(RowRule::reason)
      .distinct()
      .collect(Collectors.toMap(r -> r, QuarantineReasons::ruleKey));

  /** Format hints inside a reason's parentheses, by their English wording. */
  private static final Map<String, String> HINTS = Map.of(
      "write YYYY-MM-DD", "iso_date",
      "write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, optionally with Z or an offset like +01:00", "iso_timestamp",
      "write 1234.50, no thousands separators", "plain_number",
      "write YYYY-MM-DD or day-first DD/MM/YYYY, DD.MM.YYYY or DD-MM-YYYY, optionally with HH:MM[:SS]; read as day-first", "dmy",
      "write YYYY-MM-DD or month-first MM/DD/YYYY, optionally with HH:MM[:SS] or h:mm AM/PM; read as month-first", "mdy",
      "write YYYY-MM-DD or YYYY/MM/DD, optionally with HH:MM[:SS]", "ymd",
      "write 1234,50 or 1.234,50 or 1 234,50; read with a decimal comma", "decimal_comma",
      "write 1234.50 or 1,234.50; read with a decimal point", "decimal_point");

  static {
    kind(FIELD + ": missing \\(required\\)", "missing");
    kind(FIELD + ": " + Q + " is not one of (.+)", "not_one_of");
    kind(FIELD + ": not a date \\((.+)\\): " + Q, "not_date", null, QuarantineReasons::hintKey);
    kind(FIELD + ": not a date/time \\((.+)\\): " + Q, "not_timestamp", null, QuarantineReasons::hintKey);
    kind(FIELD + ": year outside 1900-2199 \\(write the year with four digits\\): " + Q, "implausible_year");
    kind(FIELD + ": not a number \\((.+)\\): " + Q, "not_number_hint", null, QuarantineReasons::hintKey);
    kind(FIELD + ": not a number: " + Q, "not_number");
    kind(FIELD + ": negative amount " + Q, "negative");
    kind(FIELD + ": not a whole number: " + Q, "not_integer");
    kind(FIELD + ": not true or false: " + Q, "not_boolean");
    kind(FIELD + ": not a currency code \\(3 letters such as EUR\\): " + Q, "not_currency");
    kind(FIELD + ": ([A-Z]{3}) is the workspace currency; it needs no rate", "own_currency");
    kind(FIELD + ": unknown currency " + Q + ": there is no exchange rate to ([A-Z]{3}); add its rates to currency_rates\\.csv",
        "unknown_currency");
    kind(FIELD + ": no (\\w+) with id " + Q + " in the workspace or earlier in this import \\(import (\\w+)\\.csv (?:or the CRM's export of them )?first, or fix the id\\)",
        "no_reference", null, noun -> "quarantine.noun." + noun);
    kind(FIELD + ": (\\w+) " + Q + " is in quarantine, not loaded; fix that row, then import this file again", "in_quarantine", null,
        noun -> "quarantine.noun." + noun + ".one");
    kind(FIELD + ": ([\\w+]+) " + Q + " appears (\\d+) times in this file; keep one row per \\2", "duplicate");
    kind(FIELD + ": the row ends before this field \\(it has (\\d+) of the header's (\\d+) fields\\)", "ends_early");
    kind("row has more fields than the header; a value containing the separator must be in double quotes", "more_fields");
    kind("row has fewer fields than the header \\((.+)\\)", "fewer_fields");
    kind("a double quote inside an unquoted value; quote the whole value and double the inner quotes", "unquoted_quote");
    kind("text is not valid UTF-8; save the file as UTF-8", "not_utf8");
    kind("row is longer than the 2 MB limit", "too_long");
    kind(FIELD + ": (.+)", "rule", null, rule -> RULES.get(rule));
  }

  private final MessageSource messages;
  private final Locale locale;

  public QuarantineReasons(MessageSource messages, Locale locale) {
    this.messages = messages;
    this.locale = locale;
  }

  /** The message key of a row rule: its English wording in lower case, words joined by underscores. */
  static String ruleKey(String reason) {
    return "quarantine.rule." + reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private static String hintKey(String hint) {
    String key = HINTS.get(hint);
    return key == null ? null : "quarantine.hint." + key;
  }

  /** The field column of a quarantined row; a problem of the whole row has none. */
  public String field(String field) {
    return field == null || field.equals("(row)") ? messages.getMessage("quarantine.whole_row", null, locale) : field;
  }

  /** A reason (one problem, as stored in the quarantine's reason column) in this page's language. */
  public String text(String reason) {
    if (reason == null) {
      return "";
    }
    for (Kind kind : KINDS) {
      Matcher m = kind.pattern().matcher(reason);
      if (!m.matches()) {
        continue;
      }
      Object[] args = new Object[m.groupCount()];
      boolean known = true;
      for (int i = 0; i < args.length; i++) {
        String value = m.group(i + 1);
        Function<String, String> keyOf = i < kind.args().size() ? kind.args().get(i) : null;
        if (keyOf != null) {
          String key = keyOf.apply(value);
          String said = key == null ? null : message(key);
          known &= said != null;
          value = said == null ? value : said;
        }
        args[i] = value;
      }
      if (known) {
        return messages.getMessage("quarantine.reason." + kind.key(), args, locale);
      }
    }
    return reason;
  }

  private String message(String key) {
    try {
      return messages.getMessage(key, null, locale);
    } catch (NoSuchMessageException e) {
      return null;
    }
  }
}

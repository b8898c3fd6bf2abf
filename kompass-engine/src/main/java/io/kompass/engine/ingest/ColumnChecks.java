package io.kompass.engine.ingest;

import static io.kompass.engine.ingest.Sql.lit;

import io.kompass.engine.model.Column;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SQL that parses one canonical column from its raw text ({@code _r_<name>}) and the checks that
 * quarantine a row, each check yielding a message that starts with the column name.
 */
final class ColumnChecks {

  /** Matches a time of day followed by a UTC offset or Z: such values are converted to the workspace zone. */
  private static final String OFFSET_PATTERN = "\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$";

  /** Values used when the raw text is empty, written over the raw columns of the same row. */
  private static final Map<String, String> FILLS =
      Map.of(
          "survey_responses.scale_max",
          "CASE WHEN lower(_r_kind) = 'nps' THEN 10 ELSE 5 END",
          "deal_stage_history.pipeline",
          "(SELECT d.pipeline FROM deals d WHERE d.id = _r_deal_id)",
          "deal_stage_history.status",
          "coalesce((SELECT ps.status FROM deals d JOIN pipeline_stages ps"
              + " ON ps.pipeline = coalesce(_r_pipeline, d.pipeline) AND ps.stage = _r_stage WHERE d.id = _r_deal_id),"
              + " CASE WHEN lower(_r_stage) IN ('won', 'closed won', 'closedwon') THEN 'won'"
              + " WHEN lower(_r_stage) IN ('lost', 'closed lost', 'closedlost') THEN 'lost' ELSE 'open' END)");

  /** Whether a column empty in a file is filled from the row's other values (see {@link #FILLS}). */
  static boolean fills(String table, String column) {
    return FILLS.containsKey(table + "." + column);
  }

  private static final Map<String, String> SINGULAR =
      Map.of("teams", "team", "reps", "rep", "accounts", "account", "leads", "lead", "deals", "deal");

  private final Table table;
  private final Settings settings;
  private final Formats formats;

  ColumnChecks(Table table, Settings settings) {
    this(table, settings, Formats.CANONICAL);
  }

  ColumnChecks(Table table, Settings settings, Formats formats) {
    this.table = table;
    this.settings = settings;
    this.formats = formats;
  }

  static String raw(Column c) {
    return "_r_" + c.name();
  }

  /** The parsed value of a column, typed, from its raw text. */
  String parsed(Column c) {
    String r = raw(c);
    String value =
        switch (c.type()) {
          case ID, TEXT -> r;
          case ENUM -> "lower(" + r + ")";
          case CURRENCY -> "upper(" + r + ")";
          case DATE -> formats.dates() == null
              ? "coalesce(TRY_CAST(" + r + " AS DATE), CAST(" + timestamp(r) + " AS DATE))"
              : "CAST(" + localTimestamp(r) + " AS DATE)";
          case TIMESTAMP -> formats.dates() == null ? timestamp(r) : localTimestamp(r);
          case MONEY -> number(r, "DECIMAL(18,2)");
          case INTEGER -> formats.decimal() == null
              ? "TRY_CAST(" + r + " AS INTEGER)"
              : "TRY_CAST(round(" + number(r, "DOUBLE") + ", 6) AS INTEGER)";
          case NUMBER -> number(r, "DOUBLE");
          case BOOLEAN ->
              "CASE WHEN lower(" + r + ") IN ('true', 'yes', 'y', '1', 't') THEN true"
                  + " WHEN lower(" + r + ") IN ('false', 'no', 'n', '0', 'f') THEN false END";
        };
    String fill = FILLS.get(table.name() + "." + c.name());
    return fill == null ? value : "coalesce(" + value + ", " + fill + ")";
  }

  /**
   * What a number in a source's style may carry besides its digits, dropped before reading it (in SQL here, in Java by
   * {@link LocaleGuess}): currency symbols and codes (also the local kr, Kč, zł, Ft written before or after), spaces
   * (also no-break and thin ones) and apostrophes (1'234.50).
   */
  static final String NOT_OF_THE_NUMBER = "[\\s\u00a0\u202f'$€£¥₹₺]|^[A-Z]{3}|[A-Z]{3}$|^(kr\\.?|Kč|zł|Ft)|(kr\\.?|Kč|zł|Ft)$";

  /**
   * A number in the source's style, as {@code type} (canonical files: plain {@code 1234.50} only). Text with an
   * underscore is no number, though DuckDB's cast reads {@code 1_0.5} as 10.5: a typo must not load as another amount.
   * (Scientific notation such as {@code 1.5E+06}, as spreadsheets write large numbers, is read.)
   */
  private String number(String given, String type) {
    String r = "CASE WHEN NOT contains(" + given + ", '_') THEN " + given + " END";
    if (formats.decimal() == null) {
      return "TRY_CAST(" + r + " AS " + type + ")";
    }
    // A typeset minus sign (U+2212, as word processors and some locales write it) is a minus.
    String clean = "replace(regexp_replace(" + r + ", " + lit(NOT_OF_THE_NUMBER) + ", '', 'g'), '\u2212', '-')";
    if (formats.decimal() == ',') {
      // A dot followed by other than three digits cannot group thousands, so it is a decimal point: a number cell of an
      // Excel sheet (12500.5) in a sheet whose text is written 12 500,50.
      return "TRY_CAST(CASE WHEN regexp_full_match(" + clean + ", '[-+]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d*)?')"
          + " THEN replace(replace(" + clean + ", '.', ''), ',', '.')"
          + " WHEN regexp_full_match(" + clean + ", '[-+]?\\d+\\.(\\d{1,2}|\\d{4,})') THEN " + clean + " END AS " + type + ")";
    }
    // Plain numbers, the common case, need no clean-up.
    return "coalesce(TRY_CAST(" + r + " AS " + type + "), TRY_CAST(CASE WHEN regexp_full_match(" + clean
        + ", '[-+]?(\\d{1,3}(,\\d{3})+|\\d*)(\\.\\d*)?') THEN replace(" + clean + ", ',', '') END AS " + type + "))";
  }

  /** A date/time in the source's order: ISO first, then the source's day/month order. */
  private String localTimestamp(String r) {
    String fmts = formats.dates().stream().map(Sql::lit).collect(Collectors.joining(", ", "[", "]"));
    // Only text that starts like YYYY- or YYYY/ is read as ISO: DuckDB's cast also reads 12/01/24 as the year 12.
    return "coalesce(CASE WHEN substr(" + r + ", 5, 1) IN ('-', '/') AND NOT contains(substr(" + r + ", 1, 4), '/') THEN " + timestamp(r)
        + " END, try_strptime(" + r + ", " + fmts + "))";
  }

  private String timestamp(String r) {
    // The regular expression runs only on text that can hold an offset (a Z, a plus, or more than
    // YYYY-MM-DD HH:MM:SS): plain dates and times, the common case, skip it.
    return "CASE WHEN (suffix(" + r + ", 'Z') OR contains(" + r + ", '+') OR length(" + r + ") > 19) AND regexp_matches(" + r + ", "
        + lit(OFFSET_PATTERN) + ") THEN TRY_CAST(" + r
        + " AS TIMESTAMPTZ) AT TIME ZONE " + lit(settings.timeZone().getId()) + " ELSE TRY_CAST(" + r
        + " AS TIMESTAMP) END";
  }

  /**
   * The checks of one column as {@code CASE WHEN <bad> THEN <message> END} expressions over the
   * raw ({@code _r_x}) and parsed ({@code x}) columns.
   */
  List<String> checks(Column c) {
    String r = raw(c);
    // Qualified: inside the EXISTS subqueries a bare name could mean a column of the other table.
    String v = "parsed_rows." + c.name();
    List<String> out = new ArrayList<>();
    if (c.required()) {
      out.add(when(r + " IS NULL", c.name() + ": missing (required)"));
    }
    String quoted = "'''' || " + r + " || ''''";
    switch (c.type()) {
      case ENUM -> out.add(
          whenExpr(
              r + " IS NOT NULL AND " + v + " NOT IN (" + c.allowed().stream().map(Sql::lit).collect(Collectors.joining(", ")) + ")",
              lit(c.name() + ": ") + " || " + quoted + " || " + lit(" is not one of " + String.join(", ", c.allowed()))));
      case DATE -> {
        out.add(unparsable(c, formats.dates() == null ? "not a date (write YYYY-MM-DD)"
            : "not a date (" + formats.dateLabel() + ")"));
        out.add(implausible(c));
      }
      case TIMESTAMP -> {
        out.add(unparsable(c, formats.dates() == null
            ? "not a date/time (write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, optionally with Z or an offset like +01:00)"
            : "not a date/time (" + formats.dateLabel() + ")"));
        out.add(implausible(c));
      }
      case MONEY -> {
        out.add(unparsable(c, formats.decimal() == null ? "not a number (write 1234.50, no thousands separators)"
            : "not a number (" + formats.numberLabel() + ")"));
        out.add(whenExpr(v + " < 0", lit(c.name() + ": negative amount ") + " || " + quoted));
      }
      case NUMBER -> out.add(unparsable(c, formats.decimal() == null ? "not a number" : "not a number (" + formats.numberLabel() + ")"));
      case INTEGER -> out.add(unparsable(c, "not a whole number"));
      case BOOLEAN -> out.add(unparsable(c, "not true or false"));
      case CURRENCY -> {
        out.add(
            whenExpr(
                r + " IS NOT NULL AND NOT regexp_matches(" + v + ", '^[A-Z]{3}$')",
                lit(c.name() + ": not a currency code (3 letters such as EUR): ") + " || " + quoted));
        String ws = settings.currency();
        if (table.name().equals("currency_rates")) {
          out.add(when(v + " = " + lit(ws), c.name() + ": " + ws + " is the workspace currency; it needs no rate"));
        } else {
          out.add(
              whenExpr(
                  "regexp_matches(" + v + ", '^[A-Z]{3}$') AND " + v + " <> " + lit(ws)
                      + " AND NOT EXISTS (SELECT 1 FROM currency_rates cr WHERE cr.currency = " + v + ")",
                  lit(c.name() + ": unknown currency ") + " || " + quoted
                      + " || " + lit(": there is no exchange rate to " + ws + "; add its rates to currency_rates.csv")));
        }
      }
      case ID, TEXT -> {}
    }
    if (c.references() != null) {
      out.add(
          whenExpr(
              v + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + c.references() + " ref WHERE ref.id = " + v + ")",
              // A row whose own record was quarantined (earlier in this import, or before) points there, not to a missing file.
              "CASE WHEN EXISTS (SELECT 1 FROM quarantine q WHERE q.table_name = " + lit(c.references()) + " AND q.record_id = " + v + ") THEN "
                  + lit(c.name() + ": " + SINGULAR.getOrDefault(c.references(), c.references()) + " ") + " || " + quoted
                  + " || " + lit(" is in quarantine, not loaded; fix that row, then import this file again") + " ELSE "
                  + lit(c.name() + ": no " + SINGULAR.getOrDefault(c.references(), c.references()) + " with id ")
                  + " || " + quoted + " || "
                  + lit(" in the workspace or earlier in this import (import " + c.references() + ".csv or the CRM's export of them first, or fix the id)") + " END"));
    }
    return out;
  }

  /**
   * A date outside 1900–2199: no sales record is, and a year written with two digits where four
   * are expected (24-01-13) would otherwise load as the year 24.
   */
  private String implausible(Column c) {
    String v = "parsed_rows." + c.name();
    return whenExpr(
        v + " < DATE '1900-01-01' OR " + v + " >= DATE '2200-01-01'",
        lit(c.name() + ": year outside 1900-2199 (write the year with four digits): ") + " || '''' || " + raw(c) + " || ''''");
  }

  private String unparsable(Column c, String what) {
    return whenExpr(
        raw(c) + " IS NOT NULL AND parsed_rows." + c.name() + " IS NULL",
        lit(c.name() + ": " + what + ": ") + " || '''' || " + raw(c) + " || ''''");
  }

  static String when(String condition, String message) {
    return whenExpr(condition, lit(message));
  }

  static String whenExpr(String condition, String messageExpr) {
    return "CASE WHEN " + condition + " THEN " + messageExpr + " END";
  }
}

package io.kompass.app.dashboard;

import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.Period;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiSeries;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * Numbers, money, dates and periods as people read them in the page's language: "31.2%" and
 * "€12,400" in English, "31,2 %" and "12 400 €" in Swedish. Units and words come from the message
 * bundles. One instance per request (as {@code fmt} in every template).
 */
public final class Format {

  private final Locale locale;
  private final Locale numbers;
  private final String currency;
  private final MessageSource messages;
  private final int fiscalStart;

  public Format(Locale locale, String currency, MessageSource messages) {
    this(locale, currency, messages, 1);
  }

  /** @param fiscalStart the month quarters and years start in (1-12), for their names */
  public Format(Locale locale, String currency, MessageSource messages, int fiscalStart) {
    this.locale = locale;
    this.numbers = "sv".equals(locale.getLanguage()) ? Locale.forLanguageTag("sv-SE") : Locale.forLanguageTag("en-GB");
    this.currency = currency;
    this.messages = messages;
    this.fiscalStart = fiscalStart;
  }

  /** The month quarters and years start in. */
  public int fiscalStart() {
    return fiscalStart;
  }

  /** A month's name in this language ("July", "juli"). */
  public String monthName(int month) {
    return Month.of(month).getDisplayName(TextStyle.FULL_STANDALONE, new Locale(numbers.getLanguage()));
  }

  public Locale locale() {
    return locale;
  }

  /** The BCP 47 tag number formatting follows, for the charts' axis labels. */
  public String numberLocale() {
    return numbers.toLanguageTag();
  }

  public String currency() {
    return currency;
  }

  public String msg(String key, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  /**
   * How a chart axis shortens thousands, millions and billions of the currency in this language, each with
   * {@code {0}} where the number goes: "{0} TEUR", "{0} tkr" in Swedish, "€{0}K" in English. The bundles say
   * ({@code chart.compact.*}, a currency's own {@code chart.compact.SEK.*} first), since the browser's short forms
   * are not what a Swedish reader writes ("12,3 tn kr").
   */
  public List<String> compactMoney() {
    // The symbol as the browser writes it: in the language numbers are formatted in.
    String symbol;
    try {
      symbol = Currency.getInstance(currency).getSymbol(numbers);
    } catch (IllegalArgumentException e) {
      symbol = currency;
    }
    // "€12K", but "SEK 12K": a symbol of letters keeps its space.
    String before = Character.isLetter(symbol.charAt(symbol.length() - 1)) ? symbol + "\u00a0" : symbol;
    List<String> out = new ArrayList<>();
    for (String size : List.of("thousand", "million", "billion")) {
      Object[] args = {"{0}", before, currency};
      String own = messages.getMessage("chart.compact." + currency + "." + size, args, null, locale);
      out.add(own != null ? own : messages.getMessage("chart.compact." + size, args, locale));
    }
    return out;
  }

  /**
   * What dates a KPI's rows, in words, with the column it reads: "the deal's close date (deals.closed_at)". An anchor
   * without words in the bundle (a user's own fact) is shown as it is.
   */
  public String anchor(String anchor) {
    if (anchor == null) {
      return "";
    }
    if (anchor.equals(KpiSeries.POINT_IN_TIME)) {
      return msg("anchor.pointInTime");
    }
    String words = messages.getMessage("anchor." + anchor, null, null, locale);
    return words == null ? anchor : words + " (" + anchor + ")";
  }

  public String text(Text t) {
    return t == null ? "" : t.in(locale);
  }

  /** A KPI value in its unit; "–" when there is none. */
  public String value(Double v, Unit unit) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return msg("value.none");
    }
    return switch (unit) {
      case RATIO -> percent(v, 1);
      case MONEY -> money(v);
      case DAYS -> msg("unit.days", decimal(v, 1));
      case SECONDS -> seconds(v);
      case COUNT -> decimal(v, 0);
      case NUMBER -> decimal(v, 2);
      case SCORE -> decimal(v, 1);
    };
  }

  /** A duration: "45 s", or from a minute on "4 min 20 s" (a call of 260 seconds). */
  private String seconds(double v) {
    long total = Math.round(Math.abs(v));
    if (total < 60) {
      return msg("unit.seconds", decimal(v, 0));
    }
    String text = msg("unit.minutesSeconds", decimal(total / 60, 0), decimal(total % 60, 0));
    return v < 0 ? "−" + text : text;
  }

  /**
   * A currency written as its code before the number gets a space after it ("SEK 9,399,304", as
   * the charts write it), where the language would run them together ("SEK9,399,304").
   */
  private static void spaceAfterCode(NumberFormat f) {
    if (f instanceof java.text.DecimalFormat d) {
      String prefix = d.getPositivePrefix();
      if (!prefix.isEmpty() && Character.isLetter(prefix.charAt(prefix.length() - 1))) {
        d.setPositivePrefix(prefix + '\u00a0');
        String negative = d.getNegativePrefix();
        if (negative.endsWith(prefix)) {
          d.setNegativePrefix(negative + '\u00a0');
        }
      }
    }
  }

  // Formats are made once per page (a Format lives for one request, on one thread).
  private final java.util.Map<String, NumberFormat> formats = new java.util.HashMap<>();

  private NumberFormat format(String kind, int digits) {
    return formats.computeIfAbsent(kind + digits, k -> {
      NumberFormat f = switch (kind) {
        case "money" -> NumberFormat.getCurrencyInstance(numbers);
        case "percent" -> NumberFormat.getPercentInstance(numbers);
        default -> NumberFormat.getNumberInstance(numbers);
      };
      if (kind.equals("money")) {
        f.setCurrency(Currency.getInstance(currency));
        spaceAfterCode(f);
      }
      f.setMinimumFractionDigits(digits);
      f.setMaximumFractionDigits(digits);
      f.setRoundingMode(RoundingMode.HALF_UP);
      return f;
    });
  }

  public String money(double v) {
    return format("money", Math.abs(v) >= 100 ? 0 : 2).format(v);
  }

  public String decimal(double v, int digits) {
    return format("number", digits).format(v);
  }

  public String integer(long v) {
    return formats.computeIfAbsent("integer", k -> NumberFormat.getIntegerInstance(numbers)).format(v);
  }

  /** A share (0.31) as a percentage ("31.0%", "31,0 %"). */
  public String percent(Double share, int digits) {
    if (share == null) {
      return msg("value.none");
    }
    return format("percent", digits).format(share);
  }

  /**
   * A change: percentage points for ratios ("+2.1 pp"), points for scores such as NPS ("+4.5
   * points", as a relative change of a score that can cross zero means nothing), else relative
   * ("+12%") when there is a base, else absolute in the unit.
   */
  public String change(Double absolute, Double relative, Unit unit) {
    if (absolute == null) {
      return msg("value.none");
    }
    // A change too small to show reads ±0, not −0 %: the same threshold that calls it unchanged.
    String sign = Comparison.negligible(absolute, relative, unit) ? "±" : absolute > 0 ? "+" : "−";
    if (unit == Unit.RATIO) {
      return sign + msg("unit.points", decimal(Math.abs(absolute) * 100, 1));
    }
    if (unit == Unit.SCORE) {
      return sign + msg("unit.scorePoints", decimal(Math.abs(absolute), 1));
    }
    if (relative != null) {
      return sign + percent(Math.abs(relative), 0);
    }
    return sign + value(Math.abs(absolute), unit);
  }

  /** What a cell's volume says, for a table: no data, nothing to divide by, low volume, or "". */
  public String badge(Cell c) {
    return c.noData() ? msg("badge.noData") : c.nothingToDivideBy() ? msg("badge.nothingToDivideBy") : c.lowVolume() ? msg("badge.lowVolume") : "";
  }

  /** The 95 % interval of a value, or "" when there is none. */
  public String interval(Double low, Double high, Unit unit) {
    if (low == null || high == null) {
      return "";
    }
    return msg("value.interval", value(low, unit), value(high, unit));
  }

  /**
   * better, worse or same: whether a change is good news given the KPI's direction. A change that
   * {@link #change} shows as zero ("+0 %", "±0.0 pp") is the same, not better or worse.
   */
  public static String effect(Double absolute, Double relative, Unit unit, Direction direction) {
    if (absolute == null) {
      return "unknown";
    }
    // "±0.0 pp", "±0.0 points", "+0 %": the same threshold as the before/after page's "unchanged".
    if (Comparison.negligible(absolute, relative, unit)) {
      return "same";
    }
    if (direction == Direction.NEUTRAL) {
      return "changed";
    }
    return (absolute > 0) == (direction == Direction.HIGHER) ? "better" : "worse";
  }

  public String date(LocalDate d) {
    return d == null ? msg("value.none") : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(numbers).format(d);
  }

  public String dateTime(LocalDateTime t) {
    return t == null ? msg("value.none") : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(numbers).format(t);
  }

  /**
   * A period by its grain: "Nov 2025", "W47 2025", "Q3 2025", "2025", or a date range. A fiscal year
   * that does not start in January is named by the two calendar years it spans ("2025/26"), and its
   * quarters are counted from its start ("Q1 2025/26" starts in its first month).
   */
  public String period(Period p, Grain grain) {
    LocalDate s = p.start();
    if (fiscalStart != 1 && (grain == Grain.QUARTER || grain == Grain.YEAR)) {
      int monthsIn = (s.getMonthValue() - fiscalStart + 12) % 12;
      int startYear = s.minusMonths(monthsIn).getYear();
      String year = startYear + "/" + String.format(Locale.ROOT, "%02d", (startYear + 1) % 100);
      return grain == Grain.YEAR ? year : msg("period.quarter", monthsIn / 3 + 1, year);
    }
    return switch (grain) {
      case DAY -> date(s);
      case WEEK -> msg("period.week", s.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), Integer.toString(s.get(IsoFields.WEEK_BASED_YEAR)));
      // Month names by language only: British English abbreviates September as "Sept" beside "Aug" and "Oct".
      case MONTH -> DateTimeFormatter.ofPattern("LLL yyyy", new Locale(numbers.getLanguage())).format(s);
      case QUARTER -> msg("period.quarter", (s.getMonthValue() - 1) / 3 + 1, Integer.toString(s.getYear()));
      case YEAR -> Integer.toString(s.getYear());
      case TOTAL -> range(p.start(), p.last());
    };
  }

  public String range(LocalDate from, LocalDate to) {
    return msg("period.range", date(from), date(to));
  }

  /** A p-value with three decimals. */
  public String p(Double p) {
    return p == null ? msg("value.none") : p < 0.001 ? "< " + decimal(0.001, 3) : decimal(p, 3);
  }
}

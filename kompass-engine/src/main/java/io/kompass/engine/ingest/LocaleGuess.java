package io.kompass.engine.ingest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses how a file writes dates (day or month first) and numbers (decimal point or comma) from a
 * sample of its values, and says so when the sample cannot tell.
 */
final class LocaleGuess {
  private LocaleGuess() {}

  private static final Pattern DATE = Pattern.compile("^\\s*(\\d{1,4})([./-])(\\d{1,2})\\2(\\d{2,4})\\b.*");

  /** A guess and, when the data could not decide it, a warning. */
  record Guess(String value, String warning) {}

  /**
   * @param samples date texts of the file
   * @param fallback the order used when the sample does not tell (the vendor's usual order)
   */
  static Guess dateOrder(String file, List<String> samples, String fallback) {
    int dmy = 0;
    int mdy = 0;
    int ambiguous = 0;
    int dotted = 0;
    int iso = 0;
    String example = null;
    for (String s : samples) {
      Matcher m = DATE.matcher(s);
      if (!m.matches()) {
        continue;
      }
      if (m.group(1).length() == 4) {
        iso++;
        continue;
      }
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(3));
      if (m.group(2).equals(".")) {
        dotted++;
      }
      if (a > 12 && b <= 12) {
        dmy++;
      } else if (b > 12 && a <= 12) {
        mdy++;
      } else if (a <= 12 && b <= 12 && a != b && !m.group(2).equals(".")) {
        // Dotted dates (31.01.2024) are day-first wherever they are written: not ambiguous.
        ambiguous++;
        if (example == null) {
          example = s.strip();
        }
      }
    }
    if (dmy > 0 && mdy == 0) {
      return new Guess("dmy", null);
    }
    if (mdy > 0 && dmy == 0) {
      return new Guess("mdy", null);
    }
    if (dmy > 0) {
      String order = dmy >= mdy ? "dmy" : "mdy";
      return new Guess(order, file + ": some dates are day-first and some month-first (" + dmy + " vs " + mdy + " in a sample); read as "
          + describe(order) + ". Rows that do not fit are quarantined; pass --dates dmy or --dates mdy to choose.");
    }
    if (ambiguous > 0) {
      String order = dotted > 0 ? "dmy" : fallback;
      return new Guess(order, file + ": dates such as '" + example + "' could be day-first or month-first; read as " + describe(order)
          + ". If that is wrong, import again with --dates " + (order.equals("dmy") ? "mdy" : "dmy") + ".");
    }
    return new Guess(iso > 0 && dotted == 0 ? "ymd" : dotted > 0 ? "dmy" : fallback, null);
  }

  private static String describe(String order) {
    return switch (order) {
      case "dmy" -> "day-first (31/12/2024)";
      case "mdy" -> "month-first (12/31/2024)";
      default -> "year-first (2024-12-31)";
    };
  }

  private static final Pattern COMMA_DECIMAL = Pattern.compile("^[-+]?(\\d{1,3}(\\.\\d{3})+(,\\d+)?|\\d+,\\d{1,2}|\\d+,\\d{4,}|\\d{1,3}(\\.\\d{3})*,\\d{3},?\\d*)$");
  private static final Pattern POINT_DECIMAL = Pattern.compile("^[-+]?(\\d{1,3}(,\\d{3})+(\\.\\d+)?|\\d+\\.\\d{1,2}|\\d+\\.\\d{4,}|\\d{1,3}(,\\d{3})*\\.\\d{3}\\.?\\d*)$");
  private static final Pattern THREE_AFTER = Pattern.compile("^[-+]?\\d{1,3}[.,]\\d{3}$");

  /** Whether most of the dates that are not ISO are written with dots (31.01.2024), as where a decimal comma is used. */
  static boolean dotted(List<String> dateSamples) {
    int dotted = 0;
    int other = 0;
    for (String s : dateSamples) {
      Matcher m = DATE.matcher(s);
      if (m.matches() && m.group(1).length() != 4) {
        if (m.group(2).equals(".")) {
          dotted++;
        } else {
          other++;
        }
      }
    }
    return dotted > other;
  }

  /**
   * Decimal separator: {@code point} or {@code comma}.
   *
   * @param dottedDates whether the file writes its dates with dots (31.01.2024): where numbers alone
   *     cannot tell (1.500), such a file is read with a decimal comma, as in the countries that write dates so
   */
  static Guess decimal(String file, List<String> samples, boolean dottedDates) {
    int comma = 0;
    int point = 0;
    int grouped = 0; // decimal points after a comma that groups thousands (1,234.50): unreadable with a decimal comma
    String ambiguous = null;
    for (String raw : samples) {
      String s = raw.replaceAll(ColumnChecks.NOT_OF_THE_NUMBER, "");
      if (s.indexOf(' ') >= 0 || s.isEmpty()) {
        continue;
      }
      if (THREE_AFTER.matcher(s).matches()) {
        if (ambiguous == null) {
          ambiguous = raw.strip();
        }
        continue;
      }
      if (COMMA_DECIMAL.matcher(s).matches()) {
        comma++;
      } else if (POINT_DECIMAL.matcher(s).matches()) {
        point++;
        grouped += s.indexOf(',') >= 0 ? 1 : 0;
      }
    }
    // Plain decimal points (12500.5, an Excel number cell) are read with a decimal comma too, as a dot followed by other
    // than three digits groups nothing: a file that writes its text 1 234,50 is read with a comma, and both load. Not
    // when some value has three digits after its separator (0.125), which a decimal comma would read as thousands.
    if (comma > 0 && grouped == 0 && ambiguous == null) {
      return new Guess("comma", null);
    }
    if (comma > point) {
      return new Guess("comma", point > 0 ? file + ": most numbers use a decimal comma but " + point
          + " in a sample use a decimal point; read with a decimal comma (pass --decimal point to change)" : null);
    }
    if (point > 0 || ambiguous == null) {
      return new Guess("point", comma > 0 ? file + ": most numbers use a decimal point but " + comma
          + " in a sample use a decimal comma; read with a decimal point (pass --decimal comma to change)" : null);
    }
    String digits = ambiguous.replaceAll("[^0-9.,+-]", "");
    if (dottedDates) {
      return new Guess("comma", file + ": numbers such as '" + ambiguous + "' could have a thousands separator or a decimal one;"
          + " read with a decimal comma, as the file's dates are written with dots, so '" + ambiguous + "' is "
          + plain(digits.replace(".", "").replace(',', '.')) + ". If that is wrong, import again with --decimal point.");
    }
    return new Guess("point", file + ": numbers such as '" + ambiguous + "' could have a thousands separator or a decimal one;"
        + " read with a decimal point, so '" + ambiguous + "' is " + plain(digits.replace(",", ""))
        + ". If that is wrong, import again with --decimal comma.");
  }

  /** A number as written without separators or trailing zeros (1.500 is 1.5). */
  private static String plain(String number) {
    try {
      return new java.math.BigDecimal(number).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return number;
    }
  }
}

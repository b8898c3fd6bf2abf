package io.kompass.engine.query;

import java.util.Locale;

/** The length of a period. */
public enum Grain {
  DAY,
  /** ISO week, Monday to Sunday. */
  WEEK,
  MONTH,
  /** Calendar or fiscal quarter. */
  QUARTER,
  /** Calendar or fiscal year. */
  YEAR,
  /** The whole range as one period. */
  TOTAL;

  public static Grain parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new QueryException("grain '" + text + "' is not one of day, week, month, quarter, year, total", "unknown_grain", text);
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

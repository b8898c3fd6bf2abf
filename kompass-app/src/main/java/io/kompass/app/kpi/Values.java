package io.kompass.app.kpi;

import io.kompass.engine.catalog.Unit;
import java.util.Locale;

/** Formats KPI values for the terminal by unit (no locale grouping: output is for logs and scripts too). */
final class Values {
  private Values() {}

  static String format(Double v, Unit unit, String currency) {
    if (v == null) {
      return "–";
    }
    return switch (unit) {
      case RATIO -> String.format(Locale.ROOT, "%.1f%%", v * 100);
      case MONEY -> String.format(Locale.ROOT, "%,.2f %s", v, currency);
      case DAYS -> String.format(Locale.ROOT, "%.1f d", v);
      case SECONDS -> String.format(Locale.ROOT, "%.0f s", v);
      case COUNT -> String.format(Locale.ROOT, "%,.0f", v);
      case SCORE -> String.format(Locale.ROOT, "%.1f", v);
      case NUMBER -> String.format(Locale.ROOT, "%.2f", v);
    };
  }

  static String number(Double v) {
    if (v == null) {
      return "";
    }
    // Up to four decimals, without trailing zeros: 11234.5, not 11234.5000 next to 2500.
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v)
        : new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", v)).stripTrailingZeros().toPlainString();
  }

  static String percent(Double share) {
    return share == null ? "" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}

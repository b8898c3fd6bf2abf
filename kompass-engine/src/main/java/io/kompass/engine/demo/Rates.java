package io.kompass.engine.demo;

import io.kompass.engine.workspace.WorkspaceException;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Daily exchange rates on weekdays, as a central bank publishes them: EUR per SEK drifts around
 * its mean within {@link DemoProfile#EUR_PER_SEK_MIN}..{@link DemoProfile#EUR_PER_SEK_MAX}. The
 * rows written depend on the workspace currency: SEK rates for an EUR workspace, EUR rates for a
 * SEK workspace, both for another supported currency.
 */
final class Rates {

  private Rates() {}

  /** Fails unless the demo company can report in the workspace currency. */
  static void requireSupported(String workspaceCurrency) {
    boolean known = workspaceCurrency.equals("EUR") || workspaceCurrency.equals("SEK")
        || DemoProfile.OTHER_CURRENCIES_PER_EUR.containsKey(workspaceCurrency);
    if (!known) {
      throw new WorkspaceException("the demo company sells in EUR and SEK and can report in EUR, SEK or "
          + String.join(", ", new TreeMap<>(DemoProfile.OTHER_CURRENCIES_PER_EUR).keySet())
          + "; this workspace reports in " + workspaceCurrency
          + ": create the demo workspace with one of those currencies");
    }
  }

  static void write(DuckDBConnection c, Timeline t, String workspaceCurrency, long seed) throws SQLException {
    requireSupported(workspaceCurrency);
    boolean third = DemoProfile.OTHER_CURRENCIES_PER_EUR.containsKey(workspaceCurrency);
    double reference = DemoProfile.OTHER_CURRENCIES_PER_EUR.getOrDefault(workspaceCurrency, 1.0);
    SplittableRandom rng = new SplittableRandom(HashRandom.splitmix(seed ^ 0x4A7E5L));
    double mid = (DemoProfile.EUR_PER_SEK_MIN + DemoProfile.EUR_PER_SEK_MAX) / 2;
    double eurPerSek = DemoProfile.EUR_PER_SEK_START;
    double perEur = reference;
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "currency_rates")) {
      // A week of rates before the timeline, so the first day already has one in force.
      for (LocalDate d = t.start().minusDays(7); !d.isAfter(t.end()); d = d.plusDays(1)) {
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
          continue;
        }
        // Mean-reverting drifts, SEK kept inside its band.
        eurPerSek += 0.02 * (mid - eurPerSek) + 0.0004 * rng.nextGaussian();
        eurPerSek = Math.max(DemoProfile.EUR_PER_SEK_MIN, Math.min(DemoProfile.EUR_PER_SEK_MAX, eurPerSek));
        if (third) {
          perEur *= StrictMath.exp(0.004 * rng.nextGaussian() + 0.02 * StrictMath.log(reference / perEur));
        }
        Map<String, Double> rates = new TreeMap<>();
        if (workspaceCurrency.equals("SEK")) {
          rates.put("EUR", 1 / eurPerSek);
        } else {
          rates.put("SEK", eurPerSek * perEur);
        }
        if (third) {
          rates.put("EUR", perEur);
        }
        for (Map.Entry<String, Double> r : rates.entrySet()) {
          a.beginRow().append(d).append(r.getKey()).append(DemoProfile.SOURCE_SYSTEM)
              .append(Math.round(r.getValue() * 1e6) / 1e6).endRow();
        }
      }
    }
  }
}

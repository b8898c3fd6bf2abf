package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.Period;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiSeries;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileTest {

  static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
  static final Catalog CATALOG = Catalog.builtin();

  static Cell month(int month, Double value, Double num, Double den, long n, Double low, Double high, Double sd) {
    LocalDate start = LocalDate.of(2025, month, 1);
    return new Cell(new Period(start, start.plusMonths(1)), Map.of(), value, num, den, n, low, high, false, n, 0, 0, sd, Map.of());
  }

  static String effect(String kpiId, Cell previous, Cell current) {
    Kpi kpi = CATALOG.resolve(kpiId, List.of(), Map.of());
    return Tile.of(kpi, KpiSeries.of(kpi, List.of(previous, current)), null, TODAY).effect();
  }

  @Test
  void aRateChangeThatChanceGivesOftenIsNotColoured() {
    // 10 of 40 won, then 12 of 40: p is about 0.6.
    assertThat(effect("win_rate", month(3, 0.25, 10.0, 40.0, 40, null, null, null), month(4, 0.30, 12.0, 40.0, 40, null, null, null)))
        .isEqualTo("noise");
    // 250 of 1000, then 300 of 1000: p is about 0.01.
    assertThat(effect("win_rate", month(3, 0.25, 250.0, 1000.0, 1000, null, null, null), month(4, 0.30, 300.0, 1000.0, 1000, null, null, null)))
        .isEqualTo("better");
  }

  @Test
  void aMeanIsJudgedByItsSpreadAndAMedianByItsIntervals() {
    // Average deal size 1000 → 1100 with a standard deviation of 2000 over 30 deals each: noise; of 1000 over 3000 deals each: better.
    assertThat(effect("average_order_value", month(3, 1000.0, 30000.0, 30.0, 30, null, null, 2000.0), month(4, 1100.0, 33000.0, 30.0, 30, null, null, 2000.0)))
        .isEqualTo("noise");
    assertThat(effect("average_order_value", month(3, 1000.0, 3e6, 3000.0, 3000, null, null, 1000.0), month(4, 1100.0, 3.3e6, 3000.0, 3000, null, null, 1000.0)))
        .isEqualTo("better");
    // A median sales cycle of 40 → 44 days, each inside the other's interval: noise; intervals apart: worse (longer).
    assertThat(effect("sales_cycle_days", month(3, 40.0, null, null, 50, 35.0, 46.0, null), month(4, 44.0, null, null, 50, 38.0, 50.0, null)))
        .isEqualTo("noise");
    assertThat(effect("sales_cycle_days", month(3, 40.0, null, null, 50, 38.0, 42.0, null), month(4, 44.0, null, null, 50, 42.5, 46.0, null)))
        .isEqualTo("worse");
    // Each value outside the other's interval, but the intervals overlap: the rank test often finds no difference then.
    assertThat(effect("sales_cycle_days", month(3, 40.0, null, null, 23, 36.0, 43.0, null), month(4, 46.0, null, null, 23, 42.0, 50.0, null)))
        .isEqualTo("noise");
  }

  static Cell lowVolume(Cell c) {
    return new Cell(c.period(), c.group(), c.value(), c.numerator(), c.denominator(), c.n(), c.ciLow(), c.ciHigh(), true, c.included(),
        c.excluded(), c.converted(), c.sd(), c.terms());
  }

  @Test
  void theShareOfATargetReachedFollowsTheDirection() {
    Kpi cycle = CATALOG.resolve("sales_cycle_days", List.of(), Map.of());
    Cell c = month(5, 42.0, null, null, 50, 38.0, 46.0, null);
    // 42 days against a target of 30 is 71 % of the way, not 140 %.
    assertThat(Tile.of(cycle, KpiSeries.of(cycle, List.of(c)), 30.0, TODAY).targetShare()).isCloseTo(30.0 / 42.0, org.assertj.core.api.Assertions.within(1e-9));
    Kpi win = CATALOG.resolve("win_rate", List.of(), Map.of());
    Cell w = month(5, 0.35, 35.0, 100.0, 100, null, null, null);
    assertThat(Tile.of(win, KpiSeries.of(win, List.of(w)), 0.30, TODAY).targetShare()).isCloseTo(0.35 / 0.30, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aRatioWithNothingToTestIsNotJudgedOnFewValues() {
    // Contacts per won deal 3.06 → 2.70: judged on 200 won deals, not on 23 (low volume).
    Cell before = month(3, 3.06, 612.0, 200.0, 200, null, null, null);
    Cell after = month(4, 2.70, 540.0, 200.0, 200, null, null, null);
    assertThat(effect("contacts_per_close", before, after)).isEqualTo("better");
    assertThat(effect("contacts_per_close", lowVolume(month(3, 3.06, 70.4, 23.0, 23, null, null, null)),
        lowVolume(month(4, 2.70, 62.1, 23.0, 23, null, null, null)))).isEqualTo("noise");
  }

  @Test
  void costsBookedForWholeMonthsAreNotJudgedWhileTheMonthRuns() {
    // CAC: May 10,000 / 20 customers; June (running on the 15th) 10,000 / 8 so far.
    Cell may = month(5, 500.0, 10000.0, 20.0, 20, null, null, null);
    Cell june = month(6, 1250.0, 10000.0, 8.0, 8, null, null, null);
    assertThat(effect("cac", may, june)).isEqualTo("running");
    assertThat(effect("cac", month(4, 400.0, 8000.0, 20.0, 20, null, null, null), may)).isEqualTo("worse");
    // So is LTV to CAC, whose CAC takes the running month's costs in full.
    assertThat(effect("ltv_cac_ratio", month(5, 3.0, null, null, 20, null, null, null), month(6, 2.0, null, null, 20, null, null, null)))
        .isEqualTo("running");
    // Win rate, a ratio of the same period's events, is judged while its month runs.
    assertThat(effect("win_rate", month(5, 0.25, 250.0, 1000.0, 1000, null, null, null), month(6, 0.30, 150.0, 500.0, 500, null, null, null)))
        .isEqualTo("better");
  }

  @Test
  void callsGettingLongerIsAChangeButNeitherBetterNorWorse() {
    // Mean call of 300 s → 420 s, sd 120 s over 500 calls each: clearly more than noise, but not judged.
    assertThat(effect("avg_call_duration", month(3, 300.0, 150000.0, 500.0, 500, null, null, 120.0), month(4, 420.0, 210000.0, 500.0, 500, null, null, 120.0)))
        .isEqualTo("changed");
    assertThat(effect("avg_call_duration", month(3, 300.0, 3000.0, 10.0, 10, null, null, 120.0), month(4, 310.0, 3100.0, 10.0, 10, null, null, 120.0)))
        .isEqualTo("noise");
  }
}

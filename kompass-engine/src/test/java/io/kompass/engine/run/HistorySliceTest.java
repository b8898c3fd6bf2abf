package io.kompass.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A result over a long history answers every shorter range of the same query: each cell depends on
 * its own period alone, whatever range the query asks for.
 */
class HistorySliceTest {

  static final Catalog CATALOG = Catalog.builtin();
  static final LocalDate END = LocalDate.of(2025, 12, 31);

  @Test
  void everyKpiAndVariantSlicedFromAHistoryEqualsTheShorterRangeComputed() {
    try (Workspace ws = Workspace.openInMemory("history-slice", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(ws, new DemoSpec(11, 3_000, END), Progress.NONE);
      KpiEngine engine = KpiEngine.on(ws, CATALOG);
      int compared = 0;
      // Fiscal quarters and years too: their periods start in another month than January.
      for (Calendar calendar : List.of(new Calendar(Grain.WEEK, 1), new Calendar(Grain.MONTH, 1), new Calendar(Grain.QUARTER, 4),
          new Calendar(Grain.YEAR, 7))) {
        // Ranges that start and end inside periods (a range always covers whole periods), the first one before any data.
        List<LocalDate[]> ranges = List.of(new LocalDate[] {LocalDate.of(2022, 6, 10), LocalDate.of(2023, 2, 3)},
            new LocalDate[] {LocalDate.of(2024, 11, 14), END});
        for (List<KpiRequest> kpis : everyKpiAndVariant()) {
          // A filter too, by month (the filter is part of each step's scan whatever the grain).
          for (String filter : calendar.grain() == Grain.MONTH ? List.of("", "region = 'North'") : List.of("")) {
            if (!filter.isEmpty() && !kpis.stream().allMatch(r -> CATALOG.dimensionsOf(r.kpi()).contains("region"))) {
              continue;
            }
            KpiQuery history = query(kpis, LocalDate.of(2022, 1, 1), END, calendar, filter);
            KpiResult whole = engine.run(history);
            for (LocalDate[] r : ranges) {
              KpiQuery shorter = query(kpis, r[0], r[1], calendar, filter);
              assertThat(whole.covers(shorter)).as(kpis + " " + calendar).isTrue();
              KpiResult sliced = whole.slice(shorter);
              KpiResult computed = engine.run(shorter);
              assertThat(sliced.query()).isEqualTo(shorter);
              for (int k = 0; k < kpis.size(); k++) {
                String what = kpis.get(k) + " " + calendar + " " + filter + " from " + r[0];
                compared += KeptLookupsTest.assertSameCells(what, computed.kpis().get(k), sliced.kpis().get(k));
                assertRestOfEvidence(what, computed.kpis().get(k), sliced.kpis().get(k));
              }
            }
          }
        }
      }
      assertThat(compared).isGreaterThan(1_000);
    }
  }

  @Test
  void aBreakdownAnotherQueryOrAPeriodOutsideTheHistoryIsNotSliced() {
    try (Workspace ws = Workspace.openInMemory("history-refused", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(ws, new DemoSpec(3, 500, END), Progress.NONE);
      KpiEngine engine = KpiEngine.on(ws, CATALOG);
      Calendar month = new Calendar(Grain.MONTH, 1);
      List<KpiRequest> winRate = List.of(KpiRequest.of("win_rate"));
      KpiResult whole = engine.run(query(winRate, LocalDate.of(2025, 1, 1), END, month, ""));
      assertThat(whole.covers(query(winRate, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 5, 31), month, ""))).isTrue();
      assertThat(whole.covers(query(winRate, LocalDate.of(2024, 12, 1), LocalDate.of(2025, 5, 31), month, ""))).as("before").isFalse();
      assertThat(whole.covers(query(winRate, LocalDate.of(2025, 3, 1), END.plusDays(1), month, ""))).as("after").isFalse();
      assertThat(whole.covers(query(winRate, LocalDate.of(2025, 3, 1), END, new Calendar(Grain.QUARTER, 1), ""))).as("grain").isFalse();
      assertThat(whole.covers(query(winRate, LocalDate.of(2025, 3, 1), END, month, "region = 'North'"))).as("filter").isFalse();
      assertThat(whole.covers(query(List.of(KpiRequest.of("win_rate"), KpiRequest.of("revenue")), LocalDate.of(2025, 3, 1), END, month, "")))
          .as("other KPIs").isFalse();
      KpiQuery byRep = new KpiQuery(winRate, LocalDate.of(2025, 3, 1), END, month, List.of("rep"), null, 30, null);
      assertThat(whole.covers(byRep)).as("a breakdown").isFalse();
      assertThatThrownBy(() -> whole.slice(byRep)).isInstanceOf(IllegalArgumentException.class);
      KpiResult total = engine.run(query(winRate, LocalDate.of(2025, 1, 1), END, new Calendar(Grain.TOTAL, 1), ""));
      assertThat(total.covers(query(winRate, LocalDate.of(2025, 1, 1), END, new Calendar(Grain.TOTAL, 1), ""))).as("a total").isFalse();
    }
  }

  /** What {@link KeptLookupsTest#assertSameCells} leaves out: the low-volume flag, coverage, conversions, spread and terms. */
  private static void assertRestOfEvidence(String what, KpiSeries expected, KpiSeries actual) {
    for (int i = 0; i < expected.cells().size(); i++) {
      Cell e = expected.cells().get(i);
      Cell a = actual.cells().get(i);
      String cell = what + " " + e.period();
      assertThat(a.lowVolume()).as(cell + " low volume").isEqualTo(e.lowVolume());
      assertThat(a.included()).as(cell + " included").isEqualTo(e.included());
      assertThat(a.converted()).as(cell + " converted").isEqualTo(e.converted());
      KeptLookupsTest.assertClose(cell + " sd", e.sd(), a.sd());
      assertThat(a.terms().keySet()).as(cell + " terms").isEqualTo(e.terms().keySet());
      e.terms().forEach((term, v) -> KeptLookupsTest.assertClose(cell + " " + term, v, a.terms().get(term)));
    }
  }

  private static KpiQuery query(List<KpiRequest> kpis, LocalDate from, LocalDate to, Calendar calendar, String filter) {
    return new KpiQuery(kpis, from, to, calendar, List.of(), filter.isEmpty() ? null : ExprParser.parse(filter), 30, null);
  }

  /** Each KPI and variant of the built-in catalog; the default variants also all together, as the overview asks. */
  private static List<List<KpiRequest>> everyKpiAndVariant() {
    List<List<KpiRequest>> out = new ArrayList<>();
    List<KpiRequest> defaults = new ArrayList<>();
    for (Kpi k : CATALOG.kpis()) {
      out.add(List.of(KpiRequest.of(k.id())));
      defaults.add(KpiRequest.of(k.id()));
      k.variants().keySet().forEach(v -> out.add(List.of(new KpiRequest(k.id(), List.of(v), Map.of()))));
    }
    out.add(defaults);
    return out;
  }
}

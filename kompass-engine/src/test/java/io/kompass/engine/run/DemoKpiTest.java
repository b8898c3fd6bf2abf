package io.kompass.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoProfile;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties every result must have, and the demo generator's known parameters recovered by the KPIs. */
class DemoKpiTest {

  static final LocalDate END = LocalDate.of(2025, 12, 31);
  static final LocalDate FROM = LocalDate.of(2023, 1, 1);
  static Workspace ws;
  static KpiEngine engine;
  static Catalog catalog = Catalog.builtin();

  @BeforeAll
  static void generate() {
    ws = Workspace.openInMemory("demo-kpis", new Settings("EUR", ZoneId.of("Europe/Stockholm")));
    DemoGenerator.generate(ws, new DemoSpec(7, 30_000, END), Progress.NONE);
    engine = KpiEngine.on(ws, catalog);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  static KpiResult run(List<KpiRequest> kpis, Grain grain, List<String> by) {
    return engine.run(new KpiQuery(kpis, FROM, END, new Calendar(grain, 1), by, null, 30, null));
  }

  static Map<String, Double> totalBy(String kpi, String dim, String... variants) {
    return totalWhere(kpi, dim, null, variants);
  }

  static Map<String, Double> totalWhere(String kpi, String dim, String filter, String... variants) {
    KpiResult r = engine.run(new KpiQuery(List.of(new KpiRequest(kpi, List.of(variants), Map.of())), FROM, END, new Calendar(Grain.TOTAL, 1),
        List.of(dim), filter == null ? null : io.kompass.engine.expr.ExprParser.parse(filter), 30, null));
    Map<String, Double> out = new HashMap<>();
    for (Cell c : r.kpis().get(0).cells()) {
      out.put(c.group().get(dim), c.value());
    }
    return out;
  }

  static List<String> orderByValue(Map<String, Double> values, List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    out.sort(Comparator.comparing((String k) -> values.get(k)).reversed());
    return out;
  }

  /**
   * A total over exactly one month or quarter is that period's value: KPIs that read the previous or
   * next period (retention, pipeline coverage) take the calendar period before or after it, not the
   * same number of days (the period after October is November, not November and December 1st).
   */
  @Test
  void aTotalOverWholeMonthsEqualsThatPeriodAtTheirGrain() {
    record Range(LocalDate from, LocalDate to, Grain grain) {}
    int compared = 0;
    for (Range range : List.of(new Range(LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 31), Grain.MONTH),
        new Range(LocalDate.of(2025, 5, 1), LocalDate.of(2025, 7, 31), Grain.MONTH),
        new Range(LocalDate.of(2025, 4, 1), LocalDate.of(2025, 6, 30), Grain.QUARTER))) {
      List<KpiRequest> all = catalog.kpis().stream().map(k -> KpiRequest.of(k.id())).toList();
      KpiResult total = engine.run(new KpiQuery(all, range.from(), range.to(), new Calendar(Grain.TOTAL, 1), List.of(), null, 30, null));
      KpiResult byPeriod = engine.run(new KpiQuery(all, range.from(), range.to(), new Calendar(range.grain(), 1), List.of(), null, 30, null));
      for (int i = 0; i < all.size(); i++) {
        List<Cell> periods = byPeriod.kpis().get(i).cells();
        if (periods.size() != 1) {
          // Three months at month grain: only the KPIs whose window is the period's own could compare; the
          // previous period of the whole range is checked through retention below.
          continue;
        }
        Cell t = total.kpis().get(i).cells().get(0);
        Cell p = periods.get(0);
        // Sums in parallel may differ in the last digits.
        if (p.value() == null) {
          assertThat(t.value()).as(all.get(i).kpi() + " " + range).isNull();
        } else {
          assertThat(t.value()).as(all.get(i).kpi() + " " + range).isCloseTo(p.value(), within(1e-9 * Math.max(1, Math.abs(p.value()))));
        }
        assertThat(t.n()).as(all.get(i).kpi() + " n " + range).isEqualTo(p.n());
        compared++;
      }
      if (range.grain() == Grain.MONTH && !range.from().getMonth().equals(range.to().getMonth())) {
        // May to July: the previous period of the total is February to April, as the quarter grain would have it.
        KpiResult active = engine.run(new KpiQuery(List.of(new KpiRequest("customer_retention_rate", List.of("repeat_purchase_rate"), Map.of())),
            LocalDate.of(2025, 2, 1), LocalDate.of(2025, 4, 30), new Calendar(Grain.TOTAL, 1), List.of(), null, 30, null));
        // S (customers active in the previous period) of May-July is the buyers of February-April.
        assertThat(total.kpis().get(all.indexOf(KpiRequest.of("customer_retention_rate"))).cells().get(0).denominator())
            .isEqualTo(active.kpis().get(0).cells().get(0).denominator());
      }
    }
    assertThat(compared).isGreaterThan(2 * catalog.kpis().size() - 5);
  }

  @Test
  void aRatioOfTwoKpisShowsThemAsItsNumeratorAndDenominator() {
    KpiResult r = engine.run(new KpiQuery(List.of(KpiRequest.of("ltv_cac_ratio"), KpiRequest.of("ltv"), new KpiRequest("cac", List.of(),
        Map.of())), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), new Calendar(Grain.TOTAL, 1), List.of(), null, 30, null));
    Cell ratio = r.kpis().get(0).cells().get(0);
    assertThat(ratio.numerator()).isEqualTo(r.kpis().get(1).cells().get(0).value());
    assertThat(ratio.denominator()).isNotNull();
    assertThat(ratio.value()).isCloseTo(ratio.numerator() / ratio.denominator(), within(1e-9));
  }

  @Test
  void everyKpiAndVariantRunsAndRatesStayInRangeWithIntervalsAroundTheValue() {
    int checked = 0;
    for (Kpi k : catalog.kpis()) {
      List<List<String>> variants = new ArrayList<>();
      variants.add(List.of());
      k.variants().keySet().forEach(v -> variants.add(List.of(v)));
      for (List<String> v : variants) {
        KpiSeries s = run(List.of(new KpiRequest(k.id(), v, Map.of())), Grain.QUARTER, List.of()).kpis().get(0);
        assertThat(s.cells()).as(k.id() + v).hasSize(12);
        for (Cell c : s.cells()) {
          if (c.value() == null) {
            continue;
          }
          checked++;
          assertThat(c.value()).as(k.id() + v + " " + c.period()).isFinite();
          boolean proportion = s.unit() == Unit.RATIO && s.ci() == CiMethod.WILSON;
          if (proportion) {
            assertThat(c.value()).as(k.id() + v + " " + c.period()).isBetween(0.0, 1.0);
          }
          if (c.ciLow() != null) {
            assertThat(c.value()).as("interval of " + k.id() + v + " " + c.period()).isBetween(c.ciLow() - 1e-9, c.ciHigh() + 1e-9);
          }
          if (c.numerator() != null && c.denominator() != null && c.denominator() != 0 && k.ci() != CiMethod.MEAN) {
            assertThat(c.value()).as(k.id() + v).isCloseTo(c.numerator() / c.denominator(), within(1e-9 * Math.max(1, Math.abs(c.value()))));
          }
          assertThat(c.lowVolume()).isEqualTo(c.n() < 30);
        }
      }
    }
    assertThat(checked).isGreaterThan(400);
  }

  @Test
  void additiveMeasuresSumOverGroupsToTheTotal() {
    List<KpiRequest> kpis = List.of(KpiRequest.of("revenue"), KpiRequest.of("pipeline_density"), KpiRequest.of("contacts_per_close"),
        KpiRequest.of("win_rate"), KpiRequest.of("lead_conversion_rate"));
    KpiResult total = run(kpis, Grain.QUARTER, List.of());
    for (String dim : List.of("rep", "team", "region")) {
      KpiResult grouped = run(kpis, Grain.QUARTER, List.of(dim));
      for (int k = 0; k < kpis.size(); k++) {
        KpiSeries t = total.kpis().get(k);
        KpiSeries g = grouped.kpis().get(k);
        for (Cell tc : t.cells()) {
          double value = 0;
          double num = 0;
          double den = 0;
          long n = 0;
          for (Cell gc : g.cells()) {
            if (gc.period().equals(tc.period())) {
              value += gc.value() == null ? 0 : gc.value();
              num += gc.numerator() == null ? 0 : gc.numerator();
              den += gc.denominator() == null ? 0 : gc.denominator();
              n += gc.n();
            }
          }
          String what = t.id() + " by " + dim + " in " + tc.period();
          if (t.id().equals("revenue") || t.id().equals("pipeline_density")) {
            assertThat(value).as(what).isCloseTo(tc.value(), within(1e-6 * Math.max(1, tc.value())));
          } else {
            assertThat(num).as(what + " numerator").isCloseTo(tc.numerator(), within(1e-9));
            assertThat(den).as(what + " denominator").isCloseTo(tc.denominator(), within(1e-9));
          }
          assertThat(n).as(what + " n").isEqualTo(tc.n());
        }
      }
    }
  }

  @Test
  void theChannelWithTheHighestConfiguredConversionConvertsBest() {
    Map<String, Double> measured = totalBy("lead_conversion_rate", "channel");
    List<String> configured = DemoProfile.CHANNELS.stream()
        .sorted(Comparator.comparingDouble(DemoProfile.Channel::configuredConversion).reversed())
        .map(DemoProfile.Channel::name).toList();
    assertThat(orderByValue(measured, configured)).isEqualTo(configured);
    DemoProfile.Channel referral = DemoProfile.CHANNELS.get(0);
    assertThat(measured.get(referral.name())).isCloseTo(referral.configuredConversion(), within(0.08));
  }

  @Test
  void segmentsDifferAsConfigured() {
    List<String> bySize = DemoProfile.SEGMENTS.stream().sorted(Comparator.comparingDouble(DemoProfile.Segment::medianAmount).reversed())
        .map(DemoProfile.Segment::name).toList();
    assertThat(orderByValue(totalBy("average_deal_size", "segment"), bySize)).isEqualTo(bySize);
    List<String> byCycle = DemoProfile.SEGMENTS.stream().sorted(Comparator.comparingDouble(DemoProfile.Segment::medianCycleDays).reversed())
        .map(DemoProfile.Segment::name).toList();
    assertThat(orderByValue(totalBy("sales_cycle_days", "segment", "start_deal_created"), byCycle)).isEqualTo(byCycle);
    List<String> byWin = DemoProfile.SEGMENTS.stream().sorted(Comparator.comparingDouble(DemoProfile.Segment::winRate).reversed())
        .map(DemoProfile.Segment::name).toList();
    // New business only: renewals and expansions to existing customers win far more often, whatever the segment.
    Map<String, Double> winRates = totalWhere("win_rate", "segment", "pipeline = '" + DemoProfile.NEW_BUSINESS + "' and channel != '"
        + DemoProfile.EXISTING_CUSTOMER_CHANNEL + "'");
    assertThat(orderByValue(winRates, byWin)).isEqualTo(byWin);
  }

  @Test
  void cheapestAndDearestChannelsByCac() {
    Map<String, Double> cac = totalBy("cac", "channel", "marketing_only");
    List<String> configured = DemoProfile.CHANNELS.stream().sorted(Comparator.comparingDouble(DemoProfile.Channel::configuredCac))
        .map(DemoProfile.Channel::name).toList();
    List<String> measured = new ArrayList<>(configured);
    measured.sort(Comparator.comparing(cac::get));
    assertThat(measured.get(0)).isEqualTo(configured.get(0));
    assertThat(measured.get(measured.size() - 1)).isEqualTo(configured.get(configured.size() - 1));
  }
}

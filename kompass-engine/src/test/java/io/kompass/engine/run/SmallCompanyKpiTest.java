package io.kompass.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every expected number here is worked out by hand from {@link SmallCompany}. */
class SmallCompanyKpiTest {

  @TempDir static Path dir;
  static Workspace ws;
  static KpiEngine engine;

  static final LocalDate JAN = LocalDate.of(2024, 1, 1);
  static final LocalDate APR_END = LocalDate.of(2024, 4, 30);

  @BeforeAll
  static void setUp() {
    ws = SmallCompany.create(dir, "small-company");
    engine = KpiEngine.on(ws, Catalog.builtin());
  }

  @AfterAll
  static void tearDown() {
    ws.close();
  }

  static KpiSeries monthly(String kpi, String... variants) {
    return run(new KpiRequest(kpi, List.of(variants), Map.of()), Grain.MONTH, 1, List.of(), null).kpis().get(0);
  }

  static KpiResult run(KpiRequest req, Grain grain, int fiscalStart, List<String> by, String filter) {
    KpiQuery q = new KpiQuery(List.of(req), JAN, APR_END, new Calendar(grain, fiscalStart), by,
        filter == null ? null : ExprParser.parse(filter), KpiQuery.DEFAULT_MIN_N, null);
    return engine.run(q);
  }

  static List<Double> values(KpiSeries s) {
    List<Double> out = new ArrayList<>();
    for (Cell c : s.cells()) {
      out.add(c.value() == null ? null : Math.round(c.value() * 10000) / 10000.0);
    }
    return out;
  }

  @Test
  void aValueWhoseRowsWereAllLeftOutIsUnknownRatherThanZero() throws Exception {
    try (Workspace w = Workspace.openInMemory("no-amounts", io.kompass.engine.workspace.Settings.DEFAULT);
        java.sql.Connection c = w.connect();
        java.sql.Statement st = c.createStatement()) {
      // January's only won deal has no amount; February's has one; March has no won deal.
      st.execute("INSERT INTO deals (id, source_system, pipeline, stage, status, amount, currency, created_at, closed_at) VALUES"
          + " ('D1', 't', 'default', 'Won', 'won', NULL, NULL, '2024-01-05', '2024-01-20'),"
          + " ('D2', 't', 'default', 'Won', 'won', 100, 'EUR', '2024-02-05', '2024-02-20')");
      java.nio.file.Path catalogDir = java.nio.file.Files.createDirectories(dir.resolve("revenue-k"));
      java.nio.file.Files.writeString(catalogDir.resolve("k.yaml"), """
          kpis:
            - id: revenue_k
              name: {en: Revenue in thousands, sv: Intäkter i tusental}
              unit: number
              direction: higher
              description: {en: Revenue over 1000., sv: Intäkter delat med 1000.}
              formula: {en: revenue ÷ 1000, sv: intäkter ÷ 1000}
              components:
                rev: {kpi: revenue}
              value: rev / 1000
              ci: none
              guidance:
                why: {en: a, sv: a}
                pitfalls: {en: b, sv: b}
                read_with: [revenue]
                read_with_why: {en: c, sv: c}
                remedies: {en: d, sv: d}
          """);
      KpiResult r = KpiEngine.on(w, Catalog.load(catalogDir)).run(new KpiQuery(
          List.of(KpiRequest.of("revenue"), KpiRequest.of("revenue_k"), KpiRequest.of("average_deal_size")), JAN, LocalDate.of(2024, 3, 31),
          new Calendar(Grain.MONTH, 1), List.of(), null, KpiQuery.DEFAULT_MIN_N, null));
      KpiSeries revenue = r.kpis().get(0);
      assertThat(values(revenue)).containsExactly(null, 100.0, 0.0);
      assertThat(revenue.cells()).extracting(Cell::n).containsExactly(0L, 1L, 0L);
      assertThat(revenue.cells()).extracting(Cell::excluded).containsExactly(1L, 0L, 0L);
      // A KPI built from it is not known either; a mean has no sum and count to show.
      assertThat(values(r.kpis().get(1))).containsExactly(null, 0.1, 0.0);
      Cell size = r.kpis().get(2).cells().get(0);
      assertThat(Arrays.asList(size.value(), size.numerator(), size.denominator())).containsOnlyNulls();
    }
  }

  @Test
  void winRateCountsDealsByCloseMonthInTheWorkspaceZone() {
    // Jan: D1 won (D8 closed 23:30 UTC on Jan 31 = 00:30 on Feb 1 in Stockholm) -> 1/1.
    // Feb: D2 lost, D4 won, D8 lost -> 1/3. Mar: D3, D6 won -> 2/2. Apr: nothing -> empty.
    KpiSeries s = monthly("win_rate");
    assertThat(values(s)).containsExactly(1.0, 0.3333, 1.0, null);
    Cell feb = s.cells().get(1);
    assertThat(feb.numerator()).isEqualTo(1.0);
    assertThat(feb.denominator()).isEqualTo(3.0);
    assertThat(feb.n()).isEqualTo(3);
    assertThat(feb.lowVolume()).isTrue();
    // Wilson interval of 1/3: centre (p + z²/2n)/(1 + z²/n), computed by hand.
    double z = 1.959963984540054;
    double p = 1.0 / 3;
    double n = 3;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    assertThat(feb.ciLow()).isCloseTo(centre - half, within(1e-9));
    assertThat(feb.ciHigh()).isCloseTo(centre + half, within(1e-9));
    Cell apr = s.cells().get(3);
    assertThat(apr.n()).isZero();
    assertThat(apr.period().start()).isEqualTo(LocalDate.of(2024, 4, 1));
  }

  @Test
  void winRateVariants() {
    // by value: Jan 1000/1000; Feb 3000/(500+3000+100); Mar: D3 160 EUR (2000 SEK at 0.08), D6 has no amount -> 160/160.
    assertThat(values(monthly("win_rate", "by_value"))).containsExactly(1.0, 0.8333, 1.0, null);
    // of all created, by creation month: Jan D1 won, D2 lost, D7 open, D8 lost -> 1/4; Feb D3, D4 won, D5 open -> 2/3; Mar D6 won -> 1/1.
    assertThat(values(monthly("win_rate", "all_created"))).containsExactly(0.25, 0.6667, 1.0, null);
  }

  @Test
  void averageDealSizeConvertsCurrencyAndReportsCoverage() {
    KpiSeries s = monthly("average_deal_size");
    assertThat(values(s)).containsExactly(1000.0, 3000.0, 160.0, null);
    Cell mar = s.cells().get(2);
    assertThat(mar.n()).isEqualTo(1);
    assertThat(mar.excluded()).isEqualTo(1);
    assertThat(mar.coverage()).isEqualTo(0.5);
    assertThat(mar.converted()).isEqualTo(1);
    assertThat(mar.numerator()).isEqualTo(160.0);
    assertThat(mar.denominator()).isEqualTo(1.0);
    // per closed deal: Feb 3000 / 3 closed.
    assertThat(values(monthly("average_deal_size", "all_closed"))).containsExactly(1000.0, 1000.0, 80.0, null);
  }

  @Test
  void aFixedConversionDateUsesThatDaysRate() {
    KpiQuery q = new KpiQuery(List.of(KpiRequest.of("revenue")), JAN, APR_END, new Calendar(Grain.MONTH, 1), List.of(), null, 30,
        LocalDate.of(2024, 1, 15));
    // Mar: 2000 SEK at the 2024-01-15 rate 0.10 = 200.
    assertThat(values(engine.run(q).kpis().get(0))).containsExactly(1000.0, 3000.0, 200.0, 0.0);
  }

  @Test
  void revenueByFiscalYearStartingInFebruary() {
    // FY starting 2023-02-01 holds Jan 2024 (D1 1000); FY from 2024-02-01 holds D4 3000 and D3 160.
    KpiResult r = run(KpiRequest.of("revenue"), Grain.YEAR, 2, List.of(), null);
    KpiSeries s = r.kpis().get(0);
    assertThat(s.cells()).extracting(c -> c.period().start()).containsExactly(LocalDate.of(2023, 2, 1), LocalDate.of(2024, 2, 1));
    assertThat(values(s)).containsExactly(1000.0, 3160.0);
  }

  @Test
  void salesCycleIsTheMedianFromFirstContactToClose() {
    // D1: lead L1 2024-01-02 -> 01-20 = 18 days. D4: L3 02-01 -> 02-25 = 24. D3: no lead, created 02-01 -> 03-05 = 33.
    // D6: created 03-01 -> 03-10 = 9. Mar median of 33 and 9 = 21.
    assertThat(values(monthly("sales_cycle_days"))).containsExactly(18.0, 24.0, 21.0, null);
    assertThat(values(monthly("sales_cycle_days", "mean"))).containsExactly(18.0, 24.0, 21.0, null);
    // from deal creation: D1 15, D4 10, Mar (33, 9) -> 21.
    assertThat(values(monthly("sales_cycle_days", "start_deal_created"))).containsExactly(15.0, 10.0, 21.0, null);
    // 75th percentile of (9, 33): 9 + 0.75 * 24 = 27.
    assertThat(values(monthly("sales_cycle_days", "p75"))).containsExactly(18.0, 24.0, 27.0, null);
    // won and lost: Feb adds D2 (L2 01-08 -> 02-10 = 33) and D8 (01-20 -> 02-01 = 12): median of 24, 33, 12 = 24.
    assertThat(values(monthly("sales_cycle_days", "all_closed"))).containsExactly(18.0, 24.0, 21.0, null);
  }

  @Test
  void leadConversionCohortAndPeriodViews() {
    // Cohorts by lead creation: Jan L1 (won via D1), L2 (lost) -> 1/2; Feb L3 (won via D4), L4, L5 -> 1/3; Mar L6 -> 0/1.
    assertThat(values(monthly("lead_conversion_rate"))).containsExactly(0.5, 0.3333, 0.0, null);
    // Period view: won deals with a lead closed in the month / leads created: Jan 1/2, Feb 1/3, Mar 0/1.
    assertThat(values(monthly("lead_conversion_rate", "period"))).containsExactly(0.5, 0.3333, 0.0, null);
  }

  @Test
  void pipelineDensityIsRebuiltFromStageHistoryIncludingReopenedDeals() {
    // Open qualified at month end. Jan 31: D2 (Proposal), D7 (Proposal) -> 2. Feb 29: D3 (no history: inferred "(open)",
    // which counts as qualified), D5 is in Discovery (not qualified), D7 lost on 02-05 -> 1.
    // Mar 31: D5 Proposal since 03-15, D7 reopened to Proposal 03-20 -> 2. Apr: unchanged -> 2.
    assertThat(values(monthly("pipeline_density"))).containsExactly(2.0, 1.0, 2.0, 2.0);
    // Value (each deal at the amount it had then, at its creation date's rate): Jan D2 500 + D7 6000 SEK at 0.10 (its
    // amount when it entered Proposal; 700 EUR now); Feb D3 2000 SEK at 0.10; Mar/Apr 400 + 700 (D7's row since 03-20
    // has no amount of its own: the deal's current one).
    assertThat(values(monthly("pipeline_density", "value"))).containsExactly(1100.0, 200.0, 1100.0, 1100.0);
    // All open stages: Jan also D8 (Discovery; lost 2024-02-01 00:30 Stockholm time) -> 3; Feb adds D5 (Discovery from
    // 02-20) to D3 -> 2; Mar: D5, D7 -> 2.
    assertThat(values(monthly("pipeline_density", "all_open"))).containsExactly(3.0, 2.0, 2.0, 2.0);
  }

  @Test
  void pipelineValueByCurrencyGroupsEachAmountUnderTheCurrencyItWasRecordedIn() {
    KpiResult r = run(new KpiRequest("pipeline_density", List.of("value"), Map.of()), Grain.MONTH, 1, List.of("currency"), null);
    Map<String, Double> january = new java.util.HashMap<>();
    for (Cell c : r.kpis().get(0).cells()) {
      if (c.period().start().getMonthValue() == 1 && c.value() != null && c.value() != 0) {
        january.put(c.group().get("currency"), c.value());
      }
    }
    // D2 500 EUR; D7's January row was recorded as 6000 SEK (600 EUR), though the deal is in EUR now.
    assertThat(january).containsOnly(Map.entry("EUR", 500.0), Map.entry("SEK", 600.0));
  }

  @Test
  void pipelineDensityByStageFollowsDealsBetweenStages() {
    KpiResult r = run(new KpiRequest("pipeline_density", List.of("all_open"), Map.of()), Grain.MONTH, 1, List.of("stage"), null);
    Map<String, List<Double>> byStage = new java.util.TreeMap<>();
    for (Cell c : r.kpis().get(0).cells()) {
      byStage.computeIfAbsent(c.group().get("stage"), k -> new ArrayList<>()).add(c.value());
    }
    // Discovery: Jan D8 (until Feb 1, 00:30 local), Feb D5; Proposal: Jan D2, D7; Mar D5 (moved 03-15), D7; (open): Feb D3.
    assertThat(byStage).containsEntry("Discovery", List.of(1.0, 1.0, 0.0, 0.0));
    assertThat(byStage).containsEntry("Proposal", List.of(2.0, 0.0, 2.0, 2.0));
    assertThat(byStage).containsEntry("(open)", List.of(0.0, 1.0, 0.0, 0.0));
  }

  @Test
  void pipelineCoverageComparesWithNextPeriodsTarget() {
    // Jan end pipeline value 1100 vs Feb target 600; Feb end 200 vs Mar 2400; Mar end 1100 vs Apr 1100 -> 1.
    assertThat(values(monthly("pipeline_coverage"))).containsExactly(1.8333, 0.0833, 1.0, null);
  }

  @Test
  void contactsPerCloseCountsActivitiesOfWonDeals() {
    // Jan: D1 has 3 calls (one not done) and 1 meeting -> 4 / 1. Feb: D4 has 2 e-mails (the task is not counted) -> 2 / 1.
    // Mar: D3's call (made in Feb, but the deal closed in Mar) + D6 nothing -> 1 / 2.
    assertThat(values(monthly("contacts_per_close"))).containsExactly(4.0, 2.0, 0.5, null);
    assertThat(values(monthly("contacts_per_close", "done_only"))).containsExactly(3.0, 2.0, 0.5, null);
    KpiResult calls = run(new KpiRequest("contacts_per_close", List.of(), Map.of("types", "call")), Grain.MONTH, 1, List.of(), null);
    assertThat(values(calls.kpis().get(0))).containsExactly(3.0, 0.0, 0.5, null);
  }

  @Test
  void callDurationAndTalkTime() {
    // Done calls with a duration: Jan 300, 600 -> 450; Feb 120. The undone Jan call is not a done call.
    assertThat(values(monthly("avg_call_duration"))).containsExactly(450.0, 120.0, null, null);
    // Talk time on won deals by close month: Jan D1 900 / 1; Feb D4 0 / 1; Mar D3 120 / 2.
    assertThat(values(monthly("talk_time_per_won_deal"))).containsExactly(900.0, 0.0, 60.0, null);
  }

  @Test
  void cacDividesCostsByNewCustomers() {
    // New customers (first won deal or order): A1 Jan (D1), A4 Feb (D4), A3 Mar (D3). A2 never bought.
    // Costs marketing + sales: Jan 1000 + 500; Feb 2000 SEK at 0.10 = 200; Mar none.
    assertThat(values(monthly("cac"))).containsExactly(1500.0, 200.0, 0.0, null);
    assertThat(values(monthly("cac", "marketing_only"))).containsExactly(1000.0, 200.0, 0.0, null);
    assertThat(values(monthly("cac", "all_costs"))).containsExactly(1800.0, 200.0, 0.0, null);
  }

  @Test
  void cacByChannelUsesCostChannelsAndCustomerChannels() {
    KpiResult r = run(new KpiRequest("cac", List.of("marketing_only"), Map.of()), Grain.QUARTER, 1, List.of("channel"), null);
    Map<String, Double> byChannel = new java.util.HashMap<>();
    for (Cell c : r.kpis().get(0).cells()) {
      if (c.period().start().equals(JAN)) {
        byChannel.put(c.group().get("channel"), c.value());
      }
    }
    // Q1: web 1000 / (A1, A3) = 500; referral 200 / (A4) = 200.
    assertThat(byChannel).containsEntry("web", 500.0).containsEntry("referral", 200.0);
    // With sales costs, Q1's 500 of sales cost has no channel and no customer: data, but nothing to divide it by.
    Cell none = run(KpiRequest.of("cac"), Grain.QUARTER, 1, List.of("channel"), null).kpis().get(0).cells().stream()
        .filter(c -> c.period().start().equals(JAN) && c.group().get("channel") == null).findFirst().orElseThrow();
    assertThat(Arrays.asList(none.value(), none.numerator(), none.denominator())).containsExactly(null, 500.0, 0.0);
    assertThat(none.nothingToDivideBy()).isTrue();
    assertThat(none.noData()).isFalse();
  }

  @Test
  void retentionIsEMinusNOverS() {
    // Purchases: A1 Jan (D1), Feb (O1); A4 Feb (D4), Mar (O2); A3 Mar (D3).
    // Feb: E = {A1, A4}, N = {A4}, S = Jan {A1} -> (2 - 1) / 1 = 1. Mar: E = {A3, A4}, N = {A3}, S = {A1, A4} -> 1/2.
    // Jan: S = Dec = {} -> no value. Apr: E = {}, N = 0, S = {A3, A4} -> 0.
    assertThat(values(monthly("customer_retention_rate"))).containsExactly(null, 1.0, 0.5, 0.0);
    // Repeat-purchase rate: buyers with a second purchase by the month's end. A1 and A4 have one order each, and a
    // customer with orders counts its orders only (its won deals may be the same sales); A3 has one won deal. So no
    // buyer has bought twice: Jan 0 of {A1}, Feb 0 of {A1, A4}, Mar 0 of {A3, A4}.
    assertThat(values(monthly("customer_retention_rate", "repeat_purchase_rate"))).containsExactly(0.0, 0.0, 0.0, null);
  }

  @Test
  void repeatPurchaseRateCountsBuyersWithTwoPurchasesByThePeriodsEnd() throws Exception {
    try (Workspace w = Workspace.openInMemory("repeat", io.kompass.engine.workspace.Settings.DEFAULT);
        java.sql.Connection c = w.connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO accounts (id, source_system, name) VALUES ('A1', 't', 'a1'), ('A2', 't', 'a2'), ('A3', 't', 'a3'),"
          + " ('A4', 't', 'a4'), ('A5', 't', 'a5'), ('A6', 't', 'a6')");
      // A1 buys twice in January, its first month; A2 in January and February; A3 twice at the same moment in
      // February; A4 in February and again on the first moment of March; A5 by an order and a won deal in March (its
      // orders are its purchases: one); A6, without orders, by two won deals in March.
      st.execute("INSERT INTO orders (id, source_system, account_id, ordered_at, amount, currency) VALUES"
          + " ('O1', 't', 'A1', '2024-01-03 10:00', 10, 'EUR'), ('O2', 't', 'A1', '2024-01-20 10:00', 10, 'EUR'),"
          + " ('O3', 't', 'A2', '2024-01-30 12:00', 10, 'EUR'), ('O4', 't', 'A2', '2024-02-02 10:00', 10, 'EUR'),"
          + " ('O5', 't', 'A3', '2024-02-10 10:00', 10, 'EUR'), ('O6', 't', 'A3', '2024-02-10 10:00', 10, 'EUR'),"
          + " ('O7', 't', 'A4', '2024-02-15 10:00', 10, 'EUR'), ('O8', 't', 'A5', '2024-03-02 10:00', 10, 'EUR'),"
          + " ('O9', 't', 'A4', '2024-03-01 00:00', 10, 'EUR')");
      st.execute("INSERT INTO deals (id, source_system, pipeline, stage, status, amount, currency, account_id, created_at, closed_at) VALUES"
          + " ('D1', 't', 'default', 'Won', 'won', 50, 'EUR', 'A5', '2024-02-01', '2024-03-10 12:00'),"
          + " ('D2', 't', 'default', 'Won', 'won', 50, 'EUR', 'A6', '2024-02-01', '2024-03-05 12:00'),"
          + " ('D3', 't', 'default', 'Won', 'won', 50, 'EUR', 'A6', '2024-02-01', '2024-03-20 12:00')");
      KpiResult r = KpiEngine.on(w, Catalog.builtin()).run(new KpiQuery(
          List.of(new KpiRequest("customer_retention_rate", List.of("repeat_purchase_rate"), Map.of())), JAN, APR_END,
          new Calendar(Grain.MONTH, 1), List.of(), null, KpiQuery.DEFAULT_MIN_N, null));
      KpiSeries s = r.kpis().get(0);
      // Jan: A1 of {A1, A2}. Feb: A2 (second purchase) and A3 (two at once) of {A2, A3, A4}; A4's second purchase
      // falls after February's last day. Mar: A4 and A6 of {A4, A5, A6}.
      assertThat(values(s)).containsExactly(0.5, 0.6667, 0.6667, null);
      assertThat(s.cells()).extracting(Cell::numerator).containsExactly(1.0, 2.0, 2.0, 0.0);
      assertThat(s.cells()).extracting(Cell::denominator).containsExactly(2.0, 3.0, 3.0, 0.0);
    }
  }

  @Test
  void winRateWithOverdueDealsCountsThemInTheSampleToo() throws Exception {
    try (Workspace w = Workspace.openInMemory("overdue", io.kompass.engine.workspace.Settings.DEFAULT);
        java.sql.Connection c = w.connect();
        java.sql.Statement st = c.createStatement()) {
      // January: one won, one lost, one open deal that was expected to close; February: one open deal expected.
      st.execute("INSERT INTO deals (id, source_system, pipeline, stage, status, created_at, closed_at, expected_close_at) VALUES"
          + " ('D1', 't', 'default', 'Won', 'won', '2023-12-01', '2024-01-10', NULL),"
          + " ('D2', 't', 'default', 'Lost', 'lost', '2023-12-01', '2024-01-12', NULL),"
          + " ('D3', 't', 'default', 'Proposal', 'open', '2023-12-01', NULL, '2024-01-20'),"
          + " ('D4', 't', 'default', 'Proposal', 'open', '2023-12-01', NULL, '2024-02-20')");
      KpiSeries s = KpiEngine.on(w, Catalog.builtin()).run(new KpiQuery(
          List.of(new KpiRequest("win_rate", List.of("with_overdue"), Map.of())), JAN, LocalDate.of(2024, 2, 29),
          new Calendar(Grain.MONTH, 1), List.of(), null, KpiQuery.DEFAULT_MIN_N, null)).kpis().get(0);
      assertThat(values(s)).containsExactly(0.3333, 0.0);
      // The sample is the denominator's: closed and overdue deals.
      assertThat(s.cells()).extracting(Cell::denominator).containsExactly(3.0, 1.0);
      assertThat(s.cells()).extracting(Cell::n).containsExactly(3L, 1L);
      assertThat(s.cells()).extracting(Cell::included).containsExactly(3L, 1L);
    }
  }

  @Test
  void theIntervalOfAMeanOfAmountsStaysAtZeroOrMore() {
    // Q1's won deals of 1000, 3000 and 160 (2000 SEK): a t-interval on three values far apart would reach below 0.
    List<Cell> clamped = new ArrayList<>();
    for (Cell c : run(KpiRequest.of("average_deal_size"), Grain.QUARTER, 1, List.of(), null).kpis().get(0).cells()) {
      if (c.n() < 2) {
        continue;
      }
      double t = new org.apache.commons.math3.distribution.TDistribution(c.n() - 1).inverseCumulativeProbability(0.975);
      double half = t * c.sd() / Math.sqrt(c.n());
      assertThat(c.ciHigh()).isCloseTo(c.value() + half, within(1e-6));
      assertThat(c.ciLow()).isEqualTo(Math.max(0, c.value() - half), within(1e-6));
      if (c.value() - half < 0) {
        clamped.add(c);
      }
    }
    assertThat(clamped).isNotEmpty().allSatisfy(c -> assertThat(c.ciLow()).isEqualTo(0.0));
    // Amounts cannot be negative; a duration computed from two dates could be.
    assertThat(Catalog.builtin().nonNegative(Catalog.builtin().kpi("average_deal_size").baseTerm())).isTrue();
    assertThat(Catalog.builtin().nonNegative(Catalog.builtin().kpi("sales_cycle_days").baseTerm())).isFalse();
  }

  @Test
  void retentionByQuarterComparesWithThePreviousQuarter() {
    // Q1: E = N = {A1, A4, A3}, S = Q4 2023 = {} -> no value. Q2: E = {}, N = 0, S = Q1 = 3 customers -> 0.
    KpiResult r = run(KpiRequest.of("customer_retention_rate"), Grain.QUARTER, 1, List.of(), null);
    assertThat(values(r.kpis().get(0))).containsExactly(null, 0.0);
    assertThat(r.kpis().get(0).cells().get(1).denominator()).isEqualTo(3.0);
  }

  @Test
  void retentionOverAWholeRangeComparesWithTheRangeBeforeIt() {
    // Feb 1 - Mar 31 (60 days) against Dec 3 - Jan 31: E = {A1, A4, A3}, N = {A4, A3}, S = {A1} -> (3 - 2) / 1.
    KpiQuery q = new KpiQuery(List.of(KpiRequest.of("customer_retention_rate")), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 31),
        new Calendar(Grain.TOTAL, 1), List.of(), null, 30, null);
    assertThat(values(engine.run(q).kpis().get(0))).containsExactly(1.0);
  }

  @Test
  void surveys() {
    // CSAT Jan: 5, 4, 2 -> top two boxes 2/3.
    assertThat(values(monthly("csat"))).containsExactly(0.6667, null, null, null);
    // NPS Feb: 10, 9 promoters; 3, 0 detractors; 7 passive -> 0. Mar: 10, 10, 8 -> 66.67.
    KpiSeries nps = monthly("nps");
    assertThat(values(nps)).containsExactly(null, 0.0, 66.6667, null);
    Cell feb = nps.cells().get(1);
    // p = d = 0.4, n = 5: se = sqrt((0.8 - 0) / 5) = 0.4 -> ±78.4 points.
    assertThat(feb.ciHigh()).isCloseTo(100 * 1.959963984540054 * 0.4, within(1e-9));
  }

  @Test
  void rampTimeIsTheMedianDaysToFirstWinOfRepsWhoStartedOnceDealsWereRecorded() {
    // Q1 starters: R3 02-01 -> D4 02-25 = 24; R2 03-01 -> D3 03-05 = 4. Median 14. R1 started 01-01, before the first
    // recorded deal (D7, 01-03): a win of theirs before it would not be known, so they are left out altogether.
    KpiResult r = run(KpiRequest.of("rep_ramp_days"), Grain.QUARTER, 1, List.of(), null);
    assertThat(values(r.kpis().get(0))).containsExactly(14.0, null);
    Cell q1 = r.kpis().get(0).cells().get(0);
    assertThat(q1.included() + q1.excluded()).isEqualTo(2);
  }

  @Test
  void rampTimeToQuotaIsTheMedianDaysToTheEndOfTheFirstMonthAtQuota() {
    // Monthly quotas: R1 Jan 1500, Feb 500, Mar 800; R2 Mar 200, Apr 100; R3 Feb 2500.
    // Won per rep-month: R1 Jan D1 1000, Mar D6 (no amount); R2 Mar D3 2000 SEK at 0.08 = 160 EUR; R3 Feb D4 3000.
    // R1 started before the first recorded deal and is left out (see above).
    // At 100 %: R2 never (160 < 200; unconverted 2000 would pass), R3 in Feb -> 02-01 to 02-29 = 28 days. Median 28 of
    // one rep; R2 is not counted (coverage).
    KpiResult full = run(new KpiRequest("rep_ramp_days", List.of("to_quota"), Map.of()), Grain.QUARTER, 1, List.of(), null);
    Cell q1 = full.kpis().get(0).cells().get(0);
    assertThat(q1.value()).isEqualTo(28.0);
    assertThat(q1.n()).isEqualTo(1);
    assertThat(q1.excluded()).isEqualTo(1);
    assertThat(full.kpis().get(0).variant()).isEqualTo("to_quota");
    // At 60 %: R2 Mar 160 >= 120 -> 03-01 to 03-31 = 30; R3 28. Median 29.
    KpiResult sixty = run(new KpiRequest("rep_ramp_days", List.of("to_quota"), Map.of("quota_percent", "60")), Grain.QUARTER, 1, List.of(), null);
    assertThat(values(sixty.kpis().get(0))).containsExactly(29.0, null);
    assertThat(sixty.kpis().get(0).cells().get(0).n()).isEqualTo(2);
    // At 5 %: R2's first month at quota is still March (April has no wins).
    KpiResult low = run(new KpiRequest("rep_ramp_days", List.of("to_quota", "mean"), Map.of("quota_percent", "5")), Grain.QUARTER, 1, List.of(),
        null);
    assertThat(low.kpis().get(0).cells().get(0).value()).isCloseTo((30 + 28) / 2.0, within(1e-9));
  }

  @Test
  void leadLossRate() {
    // Resolved: Jan L1, L2 converted -> 0/2; Feb L3 converted, L4 lost -> 1/2; Mar L5 lost -> 1/1.
    assertThat(values(monthly("lost_lead_rate"))).containsExactly(0.0, 0.5, 1.0, null);
  }

  @Test
  void groupingAndFilteringByDimensions() {
    KpiResult r = run(KpiRequest.of("revenue"), Grain.QUARTER, 1, List.of("team"), null);
    Map<String, Double> byTeam = new java.util.TreeMap<>();
    r.kpis().get(0).cells().stream().filter(c -> c.period().start().equals(JAN)).forEach(c -> byTeam.put(c.group().get("team"), c.value()));
    // Nordics: D1 1000 + D3 160 (+ D6 without amount); DACH: D4 3000.
    assertThat(byTeam).containsExactly(Map.entry("DACH", 3000.0), Map.entry("Nordics", 1160.0));
    KpiResult f = run(KpiRequest.of("revenue"), Grain.QUARTER, 1, List.of(), "team = 'Nordics' and product in ('Basic')");
    assertThat(values(f.kpis().get(0))).containsExactly(1000.0, 0.0);
  }

  @Test
  void salesVelocityCombinesItsComponents() {
    // Apr: pipeline 2; trailing 12 months to Apr 30: win rate 4 won / 6 closed, deal size (1000 + 3000 + 160) / 3,
    // cycle median of (18, 24, 33, 9) = 21.
    KpiSeries s = monthly("sales_velocity");
    double expected = 2 * (4.0 / 6) * (4160.0 / 3) / 21;
    assertThat(s.cells().get(3).value()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void everyCellCarriesTheFormulaAndVariant() {
    KpiSeries s = monthly("sales_cycle_days", "mean", "all_closed");
    assertThat(s.variant()).isEqualTo("mean+all_closed");
    assertThat(s.formula().en()).contains("variant: mean + won and lost deals");
    assertThat(Arrays.asList(s.id(), s.anchor())).containsExactly("sales_cycle_days", "deals.closed_at");
  }

  @Test
  void aCohortKpiWhoseAfterRangeHasNotSettledIsNotJudged() {
    io.kompass.engine.compare.Comparer comparer = new io.kompass.engine.compare.Comparer(engine);
    List<KpiRequest> conversion = List.of(KpiRequest.of("lead_conversion_rate"), KpiRequest.of("win_rate"));
    LocalDate afterTo = LocalDate.of(2024, 3, 31);
    io.kompass.engine.compare.Comparison soon = comparer.compare(conversion, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        LocalDate.of(2024, 2, 1), afterTo, null, 30, afterTo.plusDays(180));
    io.kompass.engine.compare.Comparison later = comparer.compare(conversion, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        LocalDate.of(2024, 2, 1), afterTo, null, 30, afterTo.plusDays(181));
    assertThat(soon.rows().get(0).effect()).isEqualTo(io.kompass.engine.compare.Comparison.Effect.SETTLING);
    assertThat(later.rows().get(0).effect()).isNotEqualTo(io.kompass.engine.compare.Comparison.Effect.SETTLING)
        .isNotEqualTo(io.kompass.engine.compare.Comparison.Effect.UNKNOWN);
    assertThat(soon.rows().get(0).after().value()).isEqualTo(later.rows().get(0).after().value());
    assertThat(soon.rows().get(1).effect()).as("win rate is not a cohort").isEqualTo(later.rows().get(1).effect())
        .isNotEqualTo(io.kompass.engine.compare.Comparison.Effect.SETTLING);
  }

  @Test
  void beforeAfterComparisonGivesChangeEffectAndSignificance() {
    io.kompass.engine.compare.Comparison cmp = new io.kompass.engine.compare.Comparer(engine).compare(
        List.of(KpiRequest.of("win_rate"), KpiRequest.of("sales_cycle_days"), KpiRequest.of("revenue"), KpiRequest.of("nps")),
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 31), null, 30,
        LocalDate.of(2024, 4, 1));
    io.kompass.engine.compare.Comparison.Row win = cmp.rows().get(0);
    // Jan 1/1 -> Feb+Mar: D2, D8 lost, D4, D3, D6 won -> 3/5. Pooled p = 4/6, se = sqrt(p(1-p)(1/1 + 1/5)).
    assertThat(win.before().value()).isEqualTo(1.0);
    assertThat(win.after().value()).isEqualTo(0.6);
    assertThat(win.absoluteChange()).isCloseTo(-0.4, within(1e-12));
    assertThat(win.relativeChange()).isCloseTo(-0.4, within(1e-12));
    assertThat(win.effect()).isEqualTo(io.kompass.engine.compare.Comparison.Effect.WORSE);
    assertThat(win.test()).isEqualTo("two-proportion z-test");
    double pooled = 4.0 / 6;
    double z = (0.6 - 1.0) / Math.sqrt(pooled * (1 - pooled) * (1 + 1.0 / 5));
    double expectedP = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(Math.abs(z)));
    assertThat(win.pValue()).isCloseTo(expectedP, within(1e-12));
    assertThat(win.significant()).isFalse();
    io.kompass.engine.compare.Comparison.Row cycle = cmp.rows().get(1);
    // Jan: 18 days; Feb+Mar: 24, 33, 9 -> median 24: longer, which is worse for a lower-is-better KPI.
    assertThat(cycle.after().value()).isEqualTo(24.0);
    assertThat(cycle.effect()).isEqualTo(io.kompass.engine.compare.Comparison.Effect.WORSE);
    assertThat(cycle.test()).isEqualTo("Mann-Whitney U test");
    assertThat(cycle.pValue()).isNotNull().isBetween(0.0, 1.0);
    io.kompass.engine.compare.Comparison.Row revenue = cmp.rows().get(2);
    assertThat(revenue.test()).isNull();
    assertThat(revenue.note()).contains("no sampling error");
    // A total over January (31 days) against one over February and March (60 days) says nothing about better or worse.
    assertThat(revenue.effect()).isEqualTo(io.kompass.engine.compare.Comparison.Effect.UNEQUAL);
    io.kompass.engine.compare.Comparison.Row nps = cmp.rows().get(3);
    assertThat(nps.note()).contains("missing");
    // February (29 days) against March (31) is within 15 %: judged.
    io.kompass.engine.compare.Comparison.Row months = new io.kompass.engine.compare.Comparer(engine).compare(List.of(KpiRequest.of("revenue")),
        LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31), null, 30,
        LocalDate.of(2024, 4, 1)).rows().get(0);
    assertThat(months.effect()).isIn(io.kompass.engine.compare.Comparison.Effect.BETTER, io.kompass.engine.compare.Comparison.Effect.WORSE);
  }

  @Test
  void aFilterMustBeAConditionOnTextNotABareDimensionOrANumber() {
    KpiRequest win = new KpiRequest("win_rate", List.of(), Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(win, Grain.MONTH, 1, List.of(), "team"))
        .isInstanceOf(io.kompass.engine.query.QueryException.class)
        .hasMessage("filter: 'team' is not a condition; compare a dimension with a value, e.g. team = 'Nordics'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(win, Grain.MONTH, 1, List.of(), "region = 'North' and team = 1"))
        .isInstanceOf(io.kompass.engine.query.QueryException.class)
        .hasMessage("filter: 1 is not text; dimensions hold text, so write it in quotes: '1'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(win, Grain.MONTH, 1, List.of(), "team in ('Nordics', 2)"))
        .isInstanceOf(io.kompass.engine.query.QueryException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(win, Grain.MONTH, 1, List.of(), "team = -1"))
        .isInstanceOf(io.kompass.engine.query.QueryException.class).hasMessageContaining("is not text");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(win, Grain.MONTH, 1, List.of(), "team = null"))
        .isInstanceOf(io.kompass.engine.query.QueryException.class).hasMessageContaining("write e.g. team is null");
    // Conditions on text pass.
    assertThat(run(win, Grain.MONTH, 1, List.of(), "not (team = 'x' or team is null) and team in ('Nordics', 'DACH')").kpis()).hasSize(1);
  }
}

package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The three real datasets, imported through the mappings in {@code examples/}, give the KPI
 * values that this test computes directly from the raw CSV files in plain Java (its own CSV
 * parser, no SQL). Source of the data: {@code ../shared/datasets/*}/SOURCE.md.
 */
class RealDatasetsTest {

  static final LocalDateTime NOW = LocalDateTime.of(2025, 6, 1, 12, 0);
  static int counter;

  static Workspace importWith(String mapping, Path folder, String currency) {
    Workspace ws = Workspace.openInMemory("real" + (counter++), new Settings(currency, ZoneId.of("UTC")));
    ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(NOW).withMapping(Datasets.examples().resolve(mapping)), Progress.NONE)
        .run(List.of(folder));
    for (FileReport f : r.files()) {
      assertThat(f.quarantined()).as(f.file() + " -> " + f.table()).isZero();
    }
    return ws;
  }

  static List<Cell> cells(Workspace ws, String kpi, List<String> variants, LocalDate from, LocalDate to, Grain grain, List<String> by) {
    KpiQuery q = new KpiQuery(List.of(new KpiRequest(kpi, variants, Map.of())), from, to, new Calendar(grain, 1), by, null,
        KpiQuery.DEFAULT_MIN_N, null);
    return KpiEngine.on(ws, Catalog.builtin()).run(q).kpis().get(0).cells();
  }

  static Map<String, Double> byGroup(List<Cell> cells, String dim) {
    Map<String, Double> out = new HashMap<>();
    for (Cell c : cells) {
      out.put(c.group().get(dim), c.value());
    }
    return out;
  }

  // ---- Olist ----

  @Test
  void olistLeadConversionOverallAndByChannelMatchTheRawFiles() {
    Path folder = Datasets.folder("olist-marketing-funnel");
    List<Map<String, String>> mqls = Datasets.read(folder.resolve("olist_marketing_qualified_leads_dataset.csv"), ',');
    Set<String> won = new HashSet<>();
    for (Map<String, String> d : Datasets.read(folder.resolve("olist_closed_deals_dataset.csv"), ',')) {
      won.add(d.get("mql_id"));
    }
    Map<String, int[]> byOrigin = new HashMap<>();
    int converted = 0;
    for (Map<String, String> m : mqls) {
      String origin = m.get("origin").isEmpty() ? null : m.get("origin");
      int[] c = byOrigin.computeIfAbsent(origin, k -> new int[2]);
      c[1]++;
      if (won.contains(m.get("mql_id"))) {
        c[0]++;
        converted++;
      }
    }
    assertThat(mqls).hasSize(8000);
    assertThat(converted).isEqualTo(842);

    try (Workspace ws = importWith("olist-funnel.yaml", folder, "BRL")) {
      LocalDate from = LocalDate.of(2017, 1, 1);
      LocalDate to = LocalDate.of(2018, 12, 31);
      Cell all = cells(ws, "lead_conversion_rate", List.of(), from, to, Grain.TOTAL, List.of()).get(0);
      assertThat(all.numerator()).isEqualTo(converted);
      assertThat(all.denominator()).isEqualTo(mqls.size());
      assertThat(all.value()).isCloseTo((double) converted / mqls.size(), within(1e-12));

      Map<String, Double> kpi = byGroup(cells(ws, "lead_conversion_rate", List.of(), from, to, Grain.TOTAL, List.of("channel")), "channel");
      assertThat(kpi.keySet()).isEqualTo(byOrigin.keySet());
      byOrigin.forEach((origin, c) -> assertThat(kpi.get(origin)).as(origin).isCloseTo((double) c[0] / c[1], within(1e-12)));
    }
  }

  @Test
  void olistDealWonBeforeItsLeadsFirstContactIsFlagged() {
    Path folder = Datasets.folder("olist-marketing-funnel");
    Map<String, String> firstContact = new HashMap<>();
    for (Map<String, String> m : Datasets.read(folder.resolve("olist_marketing_qualified_leads_dataset.csv"), ',')) {
      firstContact.put(m.get("mql_id"), m.get("first_contact_date"));
    }
    List<String> early = new ArrayList<>();
    for (Map<String, String> d : Datasets.read(folder.resolve("olist_closed_deals_dataset.csv"), ',')) {
      if (d.get("won_date").substring(0, 10).compareTo(firstContact.get(d.get("mql_id"))) < 0) {
        early.add(d.get("mql_id"));
      }
    }
    assertThat(early).hasSize(1);
    try (Workspace ws = importWith("olist-funnel.yaml", folder, "BRL")) {
      List<Quality.Finding> found = Quality.findings(ws, 5, NOW).stream()
          .filter(f -> f.rule().equals("closed before first contact")).toList();
      assertThat(found).hasSize(1);
      assertThat(found.get(0).source()).isEqualTo("olist");
      assertThat(found.get(0).rows()).isEqualTo(1);
      assertThat(found.get(0).examples().get(0)).startsWith("deal " + early.get(0) + " won ");
    }
  }

  // ---- Maven ----

  record MavenDeal(String agent, String stage, LocalDate engaged, LocalDate closed, long value, String product) {}

  static List<MavenDeal> mavenDeals(Path folder) {
    List<MavenDeal> out = new ArrayList<>();
    for (Map<String, String> r : Datasets.read(folder.resolve("sales_pipeline.csv"), ',')) {
      out.add(new MavenDeal(r.get("sales_agent"), r.get("deal_stage"),
          r.get("engage_date").isEmpty() ? null : LocalDate.parse(r.get("engage_date")),
          r.get("close_date").isEmpty() ? null : LocalDate.parse(r.get("close_date")),
          r.get("close_value").isEmpty() ? 0 : Long.parseLong(r.get("close_value")), r.get("product")));
    }
    return out;
  }

  @Test
  void mavenWinRateDealSizeAndCycleOverallByManagerAndOfficeMatchTheRawFiles() {
    Path folder = Datasets.folder("maven-crm-sales-opportunities");
    List<MavenDeal> deals = mavenDeals(folder);
    Map<String, String[]> team = new HashMap<>();
    for (Map<String, String> t : Datasets.read(folder.resolve("sales_teams.csv"), ',')) {
      team.put(t.get("sales_agent"), new String[] {t.get("manager"), t.get("regional_office")});
    }
    assertThat(deals).hasSize(8800);
    assertThat(deals.stream().filter(d -> d.stage().equals("Won")).count()).isEqualTo(4238);
    assertThat(deals.stream().filter(d -> d.stage().equals("Lost")).count()).isEqualTo(2473);
    assertThat(deals.stream().filter(d -> d.stage().equals("Won")).mapToLong(MavenDeal::value).sum()).isEqualTo(10_005_534);
    // The data records 0 for every lost deal; the example mapping values lost deals at their product's list price.
    assertThat(deals.stream().filter(d -> d.stage().equals("Lost")).mapToLong(MavenDeal::value).sum()).isZero();
    Map<String, Long> listPrice = new HashMap<>();
    for (Map<String, String> p : Datasets.read(folder.resolve("products.csv"), ',')) {
      listPrice.put(p.get("product").replace(" ", "").toLowerCase(java.util.Locale.ROOT), Long.parseLong(p.get("sales_price")));
    }

    try (Workspace ws = importWith("maven-crm.yaml", folder, "USD")) {
      LocalDate from = LocalDate.of(2016, 1, 1);
      LocalDate to = LocalDate.of(2017, 12, 31);
      for (int level = 0; level < 3; level++) {
        String dim = level == 0 ? null : level == 1 ? "team" : "region";
        int idx = level - 1;
        Map<String, long[]> expected = new HashMap<>();
        Map<String, List<Double>> cycles = new HashMap<>();
        for (MavenDeal d : deals) {
          String key = level == 0 ? null : team.get(d.agent())[idx];
          long[] e = expected.computeIfAbsent(key, k -> new long[4]);
          if (d.stage().equals("Won")) {
            e[0]++;
            e[2] += d.value();
            cycles.computeIfAbsent(key, k -> new ArrayList<>()).add((double) ChronoUnit.DAYS.between(d.engaged(), d.closed()));
          } else if (d.stage().equals("Lost")) {
            e[1]++;
            e[3] += listPrice.get(d.product().replace(" ", "").toLowerCase(java.util.Locale.ROOT));
          }
        }
        List<String> by = dim == null ? List.of() : List.of(dim);
        Map<String, Double> winRate = byGroup(cells(ws, "win_rate", List.of(), from, to, Grain.TOTAL, by), dim);
        Map<String, Double> dealSize = byGroup(cells(ws, "average_deal_size", List.of(), from, to, Grain.TOTAL, by), dim);
        Map<String, Double> cycle = byGroup(cells(ws, "sales_cycle_days", List.of(), from, to, Grain.TOTAL, by), dim);
        Map<String, Double> byValue = byGroup(cells(ws, "win_rate", List.of("by_value"), from, to, Grain.TOTAL, by), dim);
        assertThat(winRate.keySet()).as("groups by " + dim).isEqualTo(expected.keySet());
        expected.forEach((k, e) -> {
          assertThat(winRate.get(k)).as("win rate " + k).isCloseTo((double) e[0] / (e[0] + e[1]), within(1e-12));
          assertThat(dealSize.get(k)).as("deal size " + k).isCloseTo((double) e[2] / e[0], within(1e-9));
          assertThat(cycle.get(k)).as("median cycle " + k).isCloseTo(Datasets.median(cycles.get(k)), within(1e-9));
          assertThat(byValue.get(k)).as("win rate by value " + k).isCloseTo((double) e[2] / (e[2] + e[3]), within(1e-12)).isLessThan(1.0);
        });
        if (level == 0) {
          assertThat(winRate.get(null)).isCloseTo(4238.0 / (4238 + 2473), within(1e-12));
          assertThat(dealSize.get(null)).isCloseTo(10_005_534.0 / 4238, within(1e-9));
        }
      }
    }
  }

  @Test
  void mavenOpenPipelineOnPastDatesMatchesTheRawFile() {
    Path folder = Datasets.folder("maven-crm-sales-opportunities");
    List<MavenDeal> deals = mavenDeals(folder);
    try (Workspace ws = importWith("maven-crm.yaml", folder, "USD")) {
      List<Cell> months = cells(ws, "pipeline_density", List.of(), LocalDate.of(2016, 10, 1), LocalDate.of(2017, 12, 31), Grain.MONTH, List.of());
      int checked = 0;
      for (Cell c : months) {
        LocalDate end = c.period().end().minusDays(1); // the period's end is exclusive: the state at the end of its last day
        long open = deals.stream()
            .filter(d -> d.engaged() != null && !d.engaged().isAfter(end) && (d.closed() == null || d.closed().isAfter(end)))
            .count();
        assertThat(c.value()).as("open qualified deals at the end of " + end).isEqualTo((double) open);
        checked++;
      }
      assertThat(checked).isEqualTo(15);
      // At the end of the data every open deal counts, Prospecting ones only in the all_open variant.
      List<Cell> last = cells(ws, "pipeline_density", List.of("all_open"), LocalDate.of(2017, 12, 1), LocalDate.of(2017, 12, 31), Grain.MONTH, List.of());
      assertThat(last.get(0).value()).isEqualTo((double) deals.stream().filter(d -> d.closed() == null).count()).isEqualTo(2089.0);
    }
  }

  // ---- UCI bank marketing ----

  @Test
  void uciConversionByContactChannelAndMeanCallDurationMatchTheRawFile() {
    Path folder = Datasets.folder("uci-bank-marketing");
    List<Map<String, String>> rows = Datasets.read(folder.resolve("bank.csv"), ';');
    Map<String, int[]> byContact = new HashMap<>();
    long duration = 0;
    for (Map<String, String> r : rows) {
      int[] c = byContact.computeIfAbsent(r.get("contact"), k -> new int[2]);
      c[1]++;
      if (r.get("y").equals("yes")) {
        c[0]++;
      }
      duration += Long.parseLong(r.get("duration"));
    }
    assertThat(rows).hasSize(4521);
    try (Workspace ws = new CanonicalImportHelper().importUci(folder)) {
      LocalDate from = LocalDate.of(2009, 1, 1);
      LocalDate to = LocalDate.of(2009, 12, 31);
      Map<String, Double> kpi = byGroup(cells(ws, "lead_conversion_rate", List.of(), from, to, Grain.TOTAL, List.of("channel")), "channel");
      assertThat(kpi.keySet()).containsExactlyInAnyOrderElementsOf(byContact.keySet());
      byContact.forEach((contact, c) -> assertThat(kpi.get(contact)).as(contact).isCloseTo((double) c[0] / c[1], within(1e-12)));
      Cell mean = cells(ws, "avg_call_duration", List.of(), from, to, Grain.TOTAL, List.of()).get(0);
      assertThat(mean.n()).isEqualTo(rows.size());
      assertThat(mean.value()).isCloseTo((double) duration / rows.size(), within(1e-9));
    }
  }

  /** bank.csv alone: the folder also holds bank-additional.csv, which the mapping does not use. */
  static final class CanonicalImportHelper {
    Workspace importUci(Path folder) {
      Workspace ws = Workspace.openInMemory("real" + (counter++), new Settings("EUR", ZoneId.of("UTC")));
      ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(NOW).withMapping(Datasets.examples().resolve("uci-bank-marketing.yaml")),
          Progress.NONE).run(List.of(folder.resolve("bank.csv")));
      assertThat(r.files()).extracting(FileReport::table, FileReport::read, FileReport::loaded)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("leads", 4521L, 4521L),
              org.assertj.core.groups.Tuple.tuple("deals", 521L, 521L),
              org.assertj.core.groups.Tuple.tuple("activities", 4521L, 4521L));
      return ws;
    }
  }
}

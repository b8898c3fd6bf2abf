package io.kompass.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.sql.Rendered;
import io.kompass.engine.sql.SqlRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The full SQL of every KPI and variant for each dialect, kept in src/test/resources/golden so
 * that changes to generated SQL are reviewed in diffs. Run with {@code -Dkompass.golden.update=true}
 * to rewrite the files after an intended change.
 */
class GoldenSqlTest {

  static final Path ROOT = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("kompass.golden.update");
  static final Catalog CATALOG = Catalog.builtin();
  static final List<Dialect> DIALECTS = List.of(Dialect.DUCKDB, Dialect.POSTGRESQL, Dialect.SPARK);

  record Case(String name, KpiQuery query) {}

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    Calendar monthly = new Calendar(Grain.MONTH, 1);
    LocalDate from = LocalDate.of(2024, 1, 1);
    LocalDate to = LocalDate.of(2024, 6, 30);
    for (Kpi k : CATALOG.kpis()) {
      out.add(new Case(k.id(), new KpiQuery(List.of(KpiRequest.of(k.id())), from, to, monthly, List.of(), null, 30, null)));
      for (String v : k.variants().keySet()) {
        out.add(new Case(k.id() + "__" + v,
            new KpiQuery(List.of(new KpiRequest(k.id(), List.of(v), Map.of())), from, to, monthly, List.of(), null, 30, null)));
      }
    }
    out.add(new Case("grouped_filtered_fiscal_quarters",
        new KpiQuery(List.of(KpiRequest.of("win_rate"), KpiRequest.of("revenue")), from, to, new Calendar(Grain.QUARTER, 7), List.of("team", "product"),
            ExprParser.parse("region = 'North' and channel in ('web', 'referral')"), 30, null)));
    out.add(new Case("weekly_pipeline_by_stage",
        new KpiQuery(List.of(KpiRequest.of("pipeline_density")), from, LocalDate.of(2024, 2, 29), new Calendar(Grain.WEEK, 1), List.of("stage"), null, 30, null)));
    out.add(new Case("dashboard_core_by_rep",
        new KpiQuery(CATALOG.kpis().stream().filter(k -> k.group().equals("core") && CATALOG.dimensionsOf(k.id()).contains("rep"))
            .map(k -> KpiRequest.of(k.id())).toList(), from, to, monthly,
            List.of("rep"), null, 30, null)));
    out.add(new Case("fixed_fx_total", new KpiQuery(List.of(KpiRequest.of("average_deal_size")), from, to, new Calendar(Grain.TOTAL, 1), List.of(), null, 30,
        LocalDate.of(2024, 1, 15))));
    return out;
  }

  static String text(Dialect d, KpiQuery q) {
    Rendered r = SqlRenderer.render(new Planner(CATALOG, "EUR").plan(q).query(), d);
    StringBuilder sb = new StringBuilder(r.sql()).append("\n-- binds:");
    for (Object b : r.binds()) {
      sb.append(' ').append(b instanceof String s ? "'" + s + "'" : String.valueOf(b));
    }
    return sb.append('\n').toString();
  }

  @TestFactory
  Stream<DynamicTest> generatedSqlMatchesTheGoldenFiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Dialect d : DIALECTS) {
      for (Case c : cases()) {
        tests.add(DynamicTest.dynamicTest(d.name() + "/" + c.name(), () -> {
          Path file = ROOT.resolve(d.name()).resolve(c.name() + ".sql");
          String actual = text(d, c.query());
          if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
          }
          assertThat(file).as("golden file missing; run the tests with -Dkompass.golden.update=true").exists();
          assertThat(actual).as("generated SQL for %s differs from %s (rerun with -Dkompass.golden.update=true if intended)", c.name(), file)
              .isEqualTo(Files.readString(file));
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void everyKpiHasAGoldenFileAndNoFileIsStale() throws IOException {
    for (Dialect d : DIALECTS) {
      List<String> expected = cases().stream().map(c -> c.name() + ".sql").sorted().toList();
      try (Stream<Path> files = Files.list(ROOT.resolve(d.name()))) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(expected);
      }
      for (Kpi k : CATALOG.kpis()) {
        assertThat(expected).contains(k.id() + ".sql");
      }
    }
  }

  @Test
  void stepsAreNamedInComments() {
    String sql = text(Dialect.DUCKDB, cases().stream().filter(c -> c.name().equals("dashboard_core_by_rep")).findFirst().orElseThrow().query());
    assertThat(sql).contains("-- step: BuildPeriodSpine", "-- step: AggregateMeasures", "-- step: RankValues", "-- step: PickOrderStatistics",
        "-- step: ReconstructStageHistory", "-- step: ToStateChangeEvents", "-- step: CumulateToPeriodEnd", "-- step: CollectGroupKeys",
        "-- step: JoinToSpine and ComputeKpis");
  }

  @Test
  void userValuesNeverAppearInTheSqlText() {
    KpiQuery q = new KpiQuery(List.of(KpiRequest.of("win_rate")), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), new Calendar(Grain.MONTH, 1),
        List.of(), ExprParser.parse("team = 'x''; DROP TABLE deals; --'"), 30, null);
    Rendered r = SqlRenderer.render(new Planner(CATALOG, "EUR").plan(q).query(), Dialect.DUCKDB);
    assertThat(r.sql()).doesNotContain("DROP TABLE").doesNotContain("2024-01-01");
    assertThat(r.binds()).contains("x'; DROP TABLE deals; --", LocalDate.of(2024, 1, 1));
  }
}

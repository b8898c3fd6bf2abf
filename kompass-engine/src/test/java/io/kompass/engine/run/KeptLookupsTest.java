package io.kompass.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine that keeps lookups answers exactly as one that computes them in every query. */
class KeptLookupsTest {

  static final Catalog CATALOG = Catalog.builtin();

  @TempDir Path dir;

  @Test
  void everyKpiAndVariantGivesTheSameCellsWhetherLookupsAreKeptOrNot() {
    LocalDate end = LocalDate.of(2025, 12, 31);
    try (Workspace ws = Workspace.openInMemory("kept-lookups", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(ws, new DemoSpec(7, 3_000, end), Progress.NONE);
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiEngine keeping = plain.keepingLookups(() -> 1L);
      int compared = 0;
      for (KpiQuery q : everyKpiAndVariant(LocalDate.of(2024, 1, 1), end)) {
        KpiSeries expected = plain.run(q).kpis().get(0);
        // Twice: the first run computes and keeps the lookups, the second reads them.
        for (int round = 0; round < 2; round++) {
          compared += assertSameCells(q.kpis() + " by " + q.groupBy() + " round " + round, expected, keeping.run(q).kpis().get(0));
        }
      }
      assertThat(compared).isGreaterThan(1_000);
      assertThat(keptTables(ws)).as("lookups kept in " + KeptLookups.DATABASE).isNotEmpty();
    }
  }

  @Test
  void aNewDataVersionComputesTheLookupsAgainAndDropsTheOnesTwoVersionsOld() throws SQLException {
    try (Workspace ws = SmallCompany.create(dir, "kept")) {
      AtomicLong version = new AtomicLong(1);
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiEngine keeping = plain.keepingLookups(version::get);
      // Retention's new customers come from each account's first purchase, a lookup over orders and won deals.
      KpiQuery retention = new KpiQuery(List.of(KpiRequest.of("customer_retention_rate")), LocalDate.of(2024, 1, 1),
          LocalDate.of(2024, 4, 30), new Calendar(Grain.MONTH, 1), List.of(), null, 30, null);
      KpiSeries before = keeping.run(retention).kpis().get(0);
      List<String> firstTables = keptTables(ws);
      assertThat(firstTables).isNotEmpty();

      try (Connection c = ws.connect(); Statement s = c.createStatement()) {
        // A4's first purchase moves from February (D4) to January: January gains a new customer, February loses one.
        s.execute("UPDATE orders SET ordered_at = TIMESTAMP '2024-01-03 12:00:00' WHERE id = 'O2'");
      }
      KpiSeries changed = plain.run(retention).kpis().get(0);
      assertThat(changed.cells()).as("the change must matter to retention").isNotEqualTo(before.cells());

      version.set(2);
      assertSameCells("after the change", changed, keeping.run(retention).kpis().get(0));
      assertThat(keptTables(ws)).as("version 1's tables stay while version 2 is the newest").containsAll(firstTables);

      version.set(3);
      keeping.run(retention);
      assertThat(keptTables(ws)).as("version 1's tables are dropped once version 3 runs").doesNotContainAnyElementsOf(firstTables);
    }
  }

  @Test
  void engineThatCannotKeepLookupsComputesThemInEveryQuery() {
    KpiEngine engine = new KpiEngine(CATALOG, Dialect.POSTGRESQL, "EUR", () -> {
      throw new IllegalStateException("not connected");
    });
    assertThat(engine.keepingLookups(() -> 1L)).isSameAs(engine);
  }

  /** A query per KPI and variant of the built-in catalog, by quarter, overall and by rep where the KPI has reps. */
  static List<KpiQuery> everyKpiAndVariant(LocalDate from, LocalDate to) {
    List<KpiQuery> out = new ArrayList<>();
    for (Kpi k : CATALOG.kpis()) {
      List<List<String>> variants = new ArrayList<>();
      variants.add(List.of());
      k.variants().keySet().forEach(v -> variants.add(List.of(v)));
      for (List<String> v : variants) {
        for (List<String> by : List.of(List.<String>of(), List.of("rep"))) {
          if (CATALOG.dimensionsOf(k.id()).containsAll(by)) {
            out.add(new KpiQuery(List.of(new KpiRequest(k.id(), v, Map.of())), from, to, new Calendar(Grain.QUARTER, 1), by, null, 30, null));
          }
        }
      }
    }
    return out;
  }

  static int assertSameCells(String what, KpiSeries expected, KpiSeries actual) {
    assertThat(actual.cells()).as(what).hasSameSizeAs(expected.cells());
    for (int i = 0; i < expected.cells().size(); i++) {
      Cell e = expected.cells().get(i);
      Cell a = actual.cells().get(i);
      String cell = what + " " + e.period() + " " + e.group();
      assertThat(a.period()).as(cell).isEqualTo(e.period());
      assertThat(a.group()).as(cell).isEqualTo(e.group());
      assertThat(a.n()).as(cell).isEqualTo(e.n());
      assertThat(a.excluded()).as(cell).isEqualTo(e.excluded());
      assertClose(cell + " value", e.value(), a.value());
      assertClose(cell + " numerator", e.numerator(), a.numerator());
      assertClose(cell + " denominator", e.denominator(), a.denominator());
      assertClose(cell + " ci low", e.ciLow(), a.ciLow());
      assertClose(cell + " ci high", e.ciHigh(), a.ciHigh());
    }
    return expected.cells().size();
  }

  static void assertClose(String what, Double expected, Double actual) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).isNotNull().isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }

  static List<String> keptTables(Workspace ws) {
    List<String> out = new ArrayList<>();
    try (Connection c = ws.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE database_name = '" + KeptLookups.DATABASE + "' ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}

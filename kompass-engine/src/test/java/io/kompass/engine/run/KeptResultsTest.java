package io.kompass.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results kept in the workspace are the results computed, cell for cell; they answer only for the
 * data and the code they were computed with.
 */
class KeptResultsTest {

  static final Catalog CATALOG = Catalog.builtin();
  static final LocalDate END = LocalDate.of(2025, 12, 31);

  @TempDir Path dir;

  @Test
  void everyKpiAndVariantReadBackFromTheWorkspaceIsTheComputedResultExactly() {
    try (Workspace ws = Workspace.openInMemory("kept-results", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(ws, new DemoSpec(5, 3_000, END), Progress.NONE);
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      int compared = 0;
      for (KpiQuery q : KeptLookupsTest.everyKpiAndVariant(LocalDate.of(2025, 1, 1), END)) {
        String what = q.kpis() + " by " + q.groupBy();
        KpiResult expected = plain.run(q);
        // A new engine each time, as after a restart: the first computes and keeps, the second reads.
        KpiResult first = plain.keepingResults("build 1", ZoneId.of("Europe/Stockholm")).run(q);
        KpiResult second = plain.keepingResults("build 1", ZoneId.of("Europe/Stockholm")).run(q);
        assertThat(first.source()).as(what).doesNotContain("kept");
        assertThat(second.source()).as(what).contains("kept from");
        // Records compare every field: cells with their evidence (terms, spread, coverage), and the series' definition.
        assertThat(second.kpis()).as(what + ", read back").isEqualTo(first.kpis());
        // Sums in parallel may differ in their last bits from one run to the next.
        compared += KeptLookupsTest.assertSameCells(what, expected.kpis().get(0), first.kpis().get(0));
        for (KpiResult r : List.of(first, second)) {
          assertThat(r.kpis().get(0).withCells(List.of())).isEqualTo(expected.kpis().get(0).withCells(List.of()));
          assertThat(r.dimensions()).isEqualTo(expected.dimensions());
          assertThat(r.conversion()).isEqualTo(expected.conversion());
          assertThat(r.currency()).isEqualTo(expected.currency());
        }
      }
      assertThat(compared).isGreaterThan(1_000);
    }
  }

  @Test
  void aQueryWithSomeKpisKeptComputesOnlyTheOthersAndKeepsEachOnItsOwn() throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "kept-some")) {
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiQuery both = query("win_rate", "average_deal_size");
      plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(query("win_rate"));
      assertThat(keptRows(ws)).isEqualTo(1);

      KpiResult r = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(both);

      assertThat(r.source()).contains("partly kept from");
      assertThat(r.kpis()).extracting(KpiSeries::id).containsExactly("win_rate", "average_deal_size");
      for (int i = 0; i < 2; i++) {
        KeptLookupsTest.assertSameCells("kpi " + i, plain.run(both).kpis().get(i), r.kpis().get(i));
      }
      assertThat(keptRows(ws)).isEqualTo(2);
      assertThat(plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(both).source()).contains("(kept from");
    }
  }

  @Test
  void anImportOrAnotherBuildMakesKeptResultsStale() throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "kept-stale")) {
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiQuery q = query("win_rate", "average_deal_size", "revenue");
      KpiResult before = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      assertThat(plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q).source()).contains("kept from");
      assertThat(plain.keepingResults("another build", ZoneId.of("Europe/Stockholm")).run(q).source()).as("a new build computes again").doesNotContain("kept");

      // A won deal of 5,000 EUR in February 2024 changes all three.
      importOneWonDeal(ws, "D9");

      KpiResult after = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      assertThat(after.source()).doesNotContain("kept");
      for (int i = 0; i < 3; i++) {
        KeptLookupsTest.assertSameCells("kpi " + i + " after the import", plain.run(q).kpis().get(i), after.kpis().get(i));
        assertThat(after.kpis().get(i).cells()).as("the import must change kpi " + i).isNotEqualTo(before.kpis().get(i).cells());
      }
      assertThat(keptRows(ws)).as("what was kept for the old data is dropped").isEqualTo(3);
    }
  }

  @Test
  void demoDataGeneratedIntoAWorkspaceIsNotAnsweredWithWhatWasKeptForItsEmptyTables() {
    try (Workspace ws = Workspace.openInMemory("kept-demo", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiQuery q = new KpiQuery(List.of(KpiRequest.of("win_rate")), LocalDate.of(2025, 1, 1), END, new Calendar(Grain.QUARTER, 1), List.of(), null,
          30, null);
      assertThat(plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q).kpis().get(0).cells()).allSatisfy(c -> assertThat(c.n()).isZero());
      assertThat(keptRows(ws)).isEqualTo(1);

      DemoGenerator.generate(ws, new DemoSpec(5, 500, END), Progress.NONE);

      KpiResult after = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      assertThat(after.source()).doesNotContain("kept");
      assertThat(after.kpis().get(0).cells()).anySatisfy(c -> assertThat(c.n()).isPositive());
    }
  }

  @Test
  void aResultWhoseDataChangedWhileItWasComputedIsNotKept() throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "kept-race")) {
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiQuery q = query("win_rate");
      KeptResults kept = new KeptResults(CATALOG, ws.dialect(), "EUR", "b", ZoneId.of("Europe/Stockholm"));
      try (Connection c = ws.connect()) {
        // The computation reads the data before an import commits; keeping then finds another stamp.
        kept.run(c, q, List.of(), plain::render, (conn, query, stamp) -> {
          KpiResult before = plain.run(query);
          importOneWonDeal(ws, "D9");
          return before;
        }, System.nanoTime());
      }
      assertThat(keptRows(ws)).isZero();
      assertThat(plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q).source()).doesNotContain("kept");
    }
  }

  @Test
  void aChangedCatalogComputesAgainEvenWhereItsSqlIsTheSame(@TempDir Path catalogDir) throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "kept-catalog")) {
      KpiQuery q = query("win_rate");
      KpiResult wilson = KpiEngine.on(ws, CATALOG).keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      assertThat(wilson.kpis().get(0).cells()).anySatisfy(c -> assertThat(c.ciLow()).isNotNull());
      // The interval is worked out from the query's rows: the SQL does not change with it.
      Files.writeString(catalogDir.resolve("mine.yaml"), "kpis:\n  - id: win_rate\n    ci: none\n");
      Catalog none = Catalog.load(catalogDir);
      assertThat(KpiEngine.on(ws, none).render(q)).isEqualTo(KpiEngine.on(ws, CATALOG).render(q));

      KpiResult after = KpiEngine.on(ws, none).keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);

      assertThat(after.source()).doesNotContain("kept");
      assertThat(after.kpis().get(0).cells()).allSatisfy(c -> assertThat(c.ciLow()).isNull());
    }
  }

  @Test
  void aKeptResultThatCannotBeReadIsComputedAgain() throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "kept-broken")) {
      KpiEngine plain = KpiEngine.on(ws, CATALOG);
      KpiQuery q = query("win_rate");
      KpiResult first = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      try (Connection c = ws.connect(); Statement s = c.createStatement()) {
        s.execute("UPDATE kept_results SET cells = 'not\ta kept result'");
      }
      KpiResult again = plain.keepingResults("b", ZoneId.of("Europe/Stockholm")).run(q);
      assertThat(again.source()).doesNotContain("kept");
      assertThat(again.kpis()).isEqualTo(first.kpis());
    }
  }

  static void importOneWonDeal(Workspace ws, String id) {
    Path more;
    try {
      more = Files.createTempDirectory("kept-import");
      Files.writeString(more.resolve("deals.csv"), "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id,product\n"
          + id + ",Won,won,5000,EUR,2024-02-01,2024-02-20,R1,A2,Basic\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(more.resolve("deals.csv")));
  }

  @Test
  void groupValuesAndTermsSurviveTheTextFormWhateverTheyHold() {
    Map<String, String> group = new LinkedHashMap<>();
    group.put("rep", "a,b=c\td\ne\\f\\0");
    group.put("team", null);
    group.put("region", "\\0");
    group.put("product", "");
    Map<String, Double> terms = new LinkedHashMap<>();
    terms.put("x=1,y", 0.1 + 0.2);
    terms.put("none", null);
    terms.put("inf", Double.POSITIVE_INFINITY);
    Cell cell = new Cell(new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1)), group, 1.0 / 3, null, 7.0, 12, -0.0, Double.NaN, true, 3,
        4, 5, 1e-300, terms);
    Cell empty = new Cell(new Period(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1)), Map.of(), null, null, null, 0, null, null, false, 0, 0,
        0, null, Map.of());

    assertThat(KeptResults.decode(KeptResults.encode(List.of(cell, empty)))).containsExactly(cell, empty);
  }

  static KpiQuery query(String... kpis) {
    return new KpiQuery(List.of(kpis).stream().map(KpiRequest::of).toList(), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 30),
        new Calendar(Grain.MONTH, 1), List.of(), null, 30, null);
  }

  static long keptRows(Workspace ws) {
    try (Connection c = ws.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM kept_results")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.kompass.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.SmallCompany;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceCopy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The same KPI queries give the same answers on DuckDB and on a real PostgreSQL server. */
class PostgresConformanceTest {

  static final Settings SETTINGS = new Settings("EUR", ZoneId.of("Europe/Stockholm"));
  @TempDir static Path dir;
  static Workspace smallDuck;
  static Workspace smallPg;
  static Workspace demoDuck;
  static Workspace demoPg;
  static Catalog catalog = Catalog.builtin();

  @BeforeAll
  static void load() {
    smallDuck = SmallCompany.create(dir, "conformance-small");
    smallPg = Workspace.openPostgres(EmbeddedPostgresServer.newDatabase(), null, null, SETTINGS);
    WorkspaceCopy.copy(smallDuck, smallPg, Progress.NONE);
    demoDuck = Workspace.openInMemory("conformance-demo", SETTINGS);
    DemoGenerator.generate(demoDuck, new DemoSpec(11, 8_000, LocalDate.of(2025, 6, 30)), Progress.NONE);
    demoPg = Workspace.openPostgres(EmbeddedPostgresServer.newDatabase(), null, null, SETTINGS);
    WorkspaceCopy.copy(demoDuck, demoPg, Progress.NONE);
  }

  @AfterAll
  static void close() {
    for (Workspace w : List.of(smallDuck, smallPg, demoDuck, demoPg)) {
      w.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGivesTheSameAnswerOnBothEngines() {
    List<DynamicTest> tests = new ArrayList<>();
    addCases(tests, "small company", smallDuck, smallPg, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30));
    addCases(tests, "demo", demoDuck, demoPg, LocalDate.of(2023, 7, 1), LocalDate.of(2025, 6, 30));
    return tests.stream();
  }

  private void addCases(List<DynamicTest> tests, String data, Workspace duck, Workspace pg, LocalDate from, LocalDate to) {
    for (ConformanceCases.Case c : ConformanceCases.all(catalog, from, to)) {
      tests.add(DynamicTest.dynamicTest(data + ": " + c.name(), () -> {
        var expected = KpiEngine.on(duck, catalog).run(c.query());
        var actual = KpiEngine.on(pg, catalog).run(c.query());
        assertThat(ConformanceCases.differences(expected, actual)).as(c.name()).isEmpty();
        assertThat(expected.kpis().get(0).cells()).isNotEmpty();
      }));
    }
  }

  @Test
  void aPostgresWorkspaceHasTheCanonicalSchemaAndKeepsItsSettings() throws Exception {
    assertThat(smallPg.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(smallPg.settings()).isEqualTo(SETTINGS);
    try (Connection c = smallPg.connect(); Statement s = c.createStatement()) {
      for (var t : CanonicalModel.tables()) {
        List<String> cols = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '" + t.name() + "' ORDER BY ordinal_position")) {
          while (rs.next()) {
            cols.add(rs.getString(1));
          }
        }
        assertThat(cols).as(t.name()).containsExactlyInAnyOrderElementsOf(CanonicalModel.storedColumns(t.name()));
      }
    }
  }

  @Test
  void copyingBackToDuckDbGivesTheSameRows() throws Exception {
    try (Workspace back = Workspace.openInMemory("conformance-back", SETTINGS)) {
      Map<String, Long> copied = WorkspaceCopy.copy(smallPg, back, Progress.NONE);
      assertThat(copied).containsEntry("deals", 8L).containsEntry("deal_stage_history", 20L);
      for (String t : List.of("deals", "deal_stage_history", "activities", "currency_rates_daily", "leads")) {
        assertThat(rows(back, t)).as(t).isEqualTo(rows(smallDuck, t));
      }
    }
  }

  static List<String> rows(Workspace w, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = w.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object o = rs.getObject(i);
          sb.append(o instanceof Number num ? Double.toString(num.doubleValue()) : String.valueOf(o)).append('|');
        }
        out.add(sb.toString());
      }
    }
    out.sort(String::compareTo);
    return out;
  }
}

package io.kompass.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @TempDir Path dir;

  @Test
  void aCopyTakesTheTeamsSettingsAlongAndMarksItsDataAsWritten() {
    try (Workspace from = Workspace.openInMemory("copy-from", Settings.DEFAULT); Workspace to = Workspace.openInMemory("copy-to", Settings.DEFAULT)) {
      io.kompass.engine.demo.DemoGenerator.generate(from, new io.kompass.engine.demo.DemoSpec(3, 500, java.time.LocalDate.of(2025, 12, 31)),
          io.kompass.engine.Progress.NONE);
      from.saveSetting(Workspace.FISCAL_START, "7");
      from.saveSetting("dashboard.focus", "win_rate,revenue");

      WorkspaceCopy.copy(from, to, io.kompass.engine.Progress.NONE);

      assertThat(to.fiscalStartMonth()).isEqualTo(7);
      assertThat(to.setting("dashboard.focus")).isEqualTo("win_rate,revenue");
      assertThat(to.setting(Workspace.DATA_WRITES)).isNotNull().isNotEqualTo(from.setting(Workspace.DATA_WRITES));
      assertThat(to.settings()).isEqualTo(from.settings());
    }
  }

  @Test
  void theFiscalYearIsJanuaryUntilAMonthIsSavedAndAnythingElseSavedReadsAsJanuary() {
    try (Workspace ws = Workspace.openInMemory("fiscal", Settings.DEFAULT)) {
      assertThat(ws.fiscalStartMonth()).isEqualTo(1);
      ws.saveSetting(Workspace.FISCAL_START, "7");
      assertThat(ws.fiscalStartMonth()).isEqualTo(7);
      assertThat(ws.setting(Workspace.FISCAL_START)).isEqualTo("7");
      for (String bad : List.of("13", "0", "July", "")) {
        ws.saveSetting(Workspace.FISCAL_START, bad);
        assertThat(ws.fiscalStartMonth()).as(bad).isEqualTo(1);
      }
    }
  }

  @Test
  void aWorkspaceThatCannotBeWrittenSaysWhoMustBeAbleToWriteWhat() {
    // As root (the build machine's tests), no file is refused: the driver's message is given as DuckDB words it.
    WorkspaceException e = Workspace.explainOpenFailure("data/kompass.duckdb",
        new java.sql.SQLException("IO Error: Cannot open file \"data/kompass.duckdb\": Permission denied"));
    assertThat(e.getMessage()).startsWith("cannot open workspace data/kompass.duckdb: IO Error").endsWith("Kompass writes to the workspace file"
        + " and keeps a log file (.wal) beside it: run it as a user who may write both the file and its folder");
    assertThat(Workspace.explainOpenFailure("x.duckdb", new java.sql.SQLException("IO Error: something else")).getMessage())
        .isEqualTo("cannot open workspace x.duckdb: IO Error: something else");
  }

  @Test
  void createsSchemaAndKeepsSettingsOfAnExistingWorkspace() {
    Path file = dir.resolve("sub/ws.duckdb");
    try (Workspace ws = Workspace.openFile(file, new Settings("SEK", ZoneId.of("UTC")))) {
      assertThat(ws.settings().currency()).isEqualTo("SEK");
    }
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(ws.settings()).isEqualTo(new Settings("SEK", ZoneId.of("UTC")));
    }
  }

  @Test
  void upgradingAnOlderWorkspaceSaysSoAndGivesStageHistoryItsDealsPipeline() throws Exception {
    Path file = dir.resolve("old.duckdb");
    // A workspace as schema version 6 left it, with one deal and its history.
    Flyway.configure().dataSource("jdbc:duckdb:" + file, null, null).locations("classpath:db/migration/duckdb")
        .target("6").load().migrate();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute("INSERT INTO deals (id, source_system, pipeline, stage, status, created_at) VALUES ('D1', 'csv', 'Renewals', 'Talks', 'open',"
          + " TIMESTAMP '2024-01-10')");
      s.execute("INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred) VALUES ('D1', 'csv', 'Talks',"
          + " 'open', TIMESTAMP '2024-01-10', false)");
    }
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT); Connection c = ws.connect();
        PreparedStatement ps = c.prepareStatement("SELECT pipeline FROM deal_stage_history WHERE deal_id = 'D1'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("Renewals");
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .containsPattern("Upgrading workspace " + java.util.regex.Pattern.quote(file.toString()) + " from schema version 6 to [0-9]+;");
    // Opening it again has nothing to upgrade, and says nothing.
    captured.reset();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(ws.settings()).isNotNull();
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Upgrading");
  }

  @Test
  void aSettingSavedTwiceBeforeTheKeyKeepsItsLastValueAndHasOneValueAfter() throws Exception {
    Path file = dir.resolve("settings.duckdb");
    // A workspace as schema version 12 left it: two saves of one setting at once could leave two rows.
    Flyway.configure().dataSource("jdbc:duckdb:" + file, null, null).locations("classpath:db/migration/duckdb").target("12").load().migrate();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute("INSERT INTO workspace_settings VALUES ('currency', 'SEK'), ('time_zone', 'Europe/Stockholm'),"
          + " ('fiscal_start_month', '4'), ('fiscal_start_month', '7')");
    }
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(ws.fiscalStartMonth()).isEqualTo(7);
      assertThat(settingRows(ws, Workspace.FISCAL_START)).isEqualTo(1);
      ws.saveSetting(Workspace.FISCAL_START, "9");
      ws.saveSetting(Workspace.FISCAL_START, "10");
      assertThat(ws.fiscalStartMonth()).isEqualTo(10);
      assertThat(settingRows(ws, Workspace.FISCAL_START)).isEqualTo(1);
    }
  }

  @Test
  void onPostgresqlOneSettingSavedFromManyServersAtOnceKeepsOneValue() throws Exception {
    String url = io.kompass.engine.conformance.EmbeddedPostgresServer.newDatabase();
    // A database as schema version 11 left it, with a setting saved twice.
    Flyway.configure().dataSource(url, "postgres", null).locations("classpath:db/migration/postgresql").target("11").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
      s.execute("INSERT INTO workspace_settings VALUES ('currency', 'SEK'), ('time_zone', 'Europe/Stockholm'),"
          + " ('fiscal_start_month', '4'), ('fiscal_start_month', '7')");
    }
    List<Workspace> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        servers.add(Workspace.openPostgres(url, "postgres", null, Settings.DEFAULT));
      }
      assertThat(servers.get(0).fiscalStartMonth()).isEqualTo(7);
      assertThat(settingRows(servers.get(0), Workspace.FISCAL_START)).isEqualTo(1);
      // Every server saves at once, many times over: never an error, and one value in the end.
      var pool = java.util.concurrent.Executors.newFixedThreadPool(servers.size());
      try {
        List<java.util.concurrent.Future<?>> saves = new ArrayList<>();
        for (int round = 0; round < 25; round++) {
          for (int i = 0; i < servers.size(); i++) {
            Workspace w = servers.get(i);
            String month = Integer.toString(i + 1);
            saves.add(pool.submit(() -> w.saveSetting(Workspace.FISCAL_START, month)));
          }
        }
        for (var f : saves) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(settingRows(servers.get(0), Workspace.FISCAL_START)).isEqualTo(1);
      assertThat(servers.get(0).fiscalStartMonth()).isBetween(1, servers.size());
    } finally {
      for (Workspace w : servers) {
        w.close();
      }
    }
  }

  private static long settingRows(Workspace ws, String key) throws Exception {
    try (Connection c = ws.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM workspace_settings WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void migratedSchemaMatchesTheCanonicalModel() throws Exception {
    try (Workspace ws = Workspace.openInMemory("schema", Settings.DEFAULT);
        Connection c = ws.connect()) {
      for (Table table : CanonicalModel.tables()) {
        List<String> actual = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_name = ? ORDER BY ordinal_position")) {
          ps.setString(1, table.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              actual.add(rs.getString(1) + " " + rs.getString(2));
            }
          }
        }
        List<String> expected = new ArrayList<>();
        for (Column col : table.columns()) {
          expected.add(col.name() + " " + col.type().sqlType());
        }
        expected.add("source_system VARCHAR");
        if (table.name().equals("deal_stage_history")) {
          expected.add("inferred BOOLEAN");
          expected.add("left_at TIMESTAMP");
        }
        assertThat(actual).as(table.name()).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Test
  void aSecondProcessGetsAMessageSayingWhoHoldsTheWorkspace() throws Exception {
    Path file = dir.resolve("locked.duckdb");
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(ws.location()).isEqualTo(file.toString());
      // The lock is per process: start a second JVM that tries to open the same file.
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenWorkspaceMain.class.getName(),
                  file.toString())
              .redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).isEqualTo(3);
      assertThat(out).contains("is in use by another Kompass process (PID " + ProcessHandle.current().pid() + ")");
    }
  }

  /** Entry point of the second process in {@link #aSecondProcessGetsAMessageSayingWhoHoldsTheWorkspace}. */
  public static final class OpenWorkspaceMain {
    public static void main(String[] args) {
      try (Workspace ws = Workspace.openFile(Path.of(args[0]), Settings.DEFAULT)) {
        System.out.println("opened " + ws.location());
        System.exit(0);
      } catch (WorkspaceException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}

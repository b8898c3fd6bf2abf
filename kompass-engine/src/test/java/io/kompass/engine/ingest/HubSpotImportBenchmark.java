package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speed of a HubSpot deals export import, end to end (recognising the export, owners and companies
 * by name, checks, merge, inferred stage history, commit to a workspace file), against DuckDB's
 * CSV reader alone on the same file in the same run. Not part of the normal build:
 *
 * <pre>./mvnw -B -q -pl kompass-engine test -Dtest=HubSpotImportBenchmark -Dkompass.bench=1 [-Dkompass.bench.rows=1000000]</pre>
 */
@EnabledIfSystemProperty(named = "kompass.bench", matches = "1|true")
class HubSpotImportBenchmark {

  @TempDir Path dir;

  @Test
  void importsAHubSpotDealsExport() throws Exception {
    long rows = Long.getLong("kompass.bench.rows", 1_000_000);
    Path csv = dir.resolve("hubspot-crm-exports-all-deals-2024-08-27.csv");
    write(csv, rows);
    long bytes = Files.size(csv);

    List<Double> raw = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    List<Double> dealsOnly = new ArrayList<>();
    List<Double> full = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      try (Workspace ws = Workspace.openInMemory("raw" + run, Settings.DEFAULT);
          Connection c = ws.connect();
          Statement s = c.createStatement()) {
        long t0 = System.nanoTime();
        s.execute("CREATE TEMP TABLE t AS SELECT * FROM read_csv('" + csv + "', header = true, all_varchar = true)");
        raw.add((System.nanoTime() - t0) / 1e9);
      }
      // Floor: the least any loader can do here. Timestamps parsed, stages mapped to a status and owners and
      // companies named by id straight into the workspace's tables, then the inferred history; no checks.
      floor.add(timedLoad(dir.resolve("floor-" + run + ".duckdb"), floorSql(csv),
          "INSERT INTO reps (id, source_system, name) SELECT DISTINCT owner_id, 'hubspot', substr(owner_id, 9) FROM deals",
          "INSERT INTO accounts (id, source_system, name) SELECT DISTINCT account_id, 'hubspot', substr(account_id, 9) FROM deals",
          "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, left_at, pipeline)"
              + " SELECT id, source_system, CASE WHEN k.n = 1 THEN 'Open' ELSE stage END, CASE WHEN k.n = 1 THEN 'open' ELSE status END,"
              + " CASE WHEN k.n = 1 THEN created_at ELSE closed_at END, true, CASE WHEN k.n = 1 THEN closed_at END, pipeline"
              + " FROM deals CROSS JOIN (VALUES (1), (2)) k(n) WHERE k.n = 1 OR status <> 'open'"));
      // Less still: the deals alone, parsed and mapped, without reps, accounts or the history point-in-time KPIs read.
      dealsOnly.add(timedLoad(dir.resolve("deals-only-" + run + ".duckdb"), floorSql(csv)));
      Path file = dir.resolve("ws-" + run + ".duckdb");
      try (Workspace ws = Workspace.openFile(file, new Settings("USD", java.time.ZoneId.of("UTC")))) {
        long t0 = System.nanoTime();
        ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(csv));
        full.add((System.nanoTime() - t0) / 1e9);
        FileReport deals = r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
        assertThat(deals.loaded()).isEqualTo(rows);
      }
    }
    raw.sort(null);
    floor.sort(null);
    dealsOnly.sort(null);
    full.sort(null);
    double rawMedian = raw.get(1);
    double floorMedian = floor.get(1);
    double fullMedian = full.get(1);
    System.out.printf("HubSpot deals export: %,d rows, %d MiB, %d cores%n", rows, bytes >> 20, Runtime.getRuntime().availableProcessors());
    System.out.printf("| DuckDB read_csv into a temp table (ceiling) | %.2f s | %,.0f rows/s | 1.00 |%n", rawMedian, rows / rawMedian);
    System.out.printf("| floor: parsed and mapped straight into the tables + inferred history, no checks | %.2f s | %,.0f rows/s | %.2f |%n",
        floorMedian, rows / floorMedian, floorMedian / rawMedian);
    System.out.printf("| the deals alone, parsed and mapped, no reps, accounts or history, no checks | %.2f s | %,.0f rows/s | %.2f |%n",
        dealsOnly.get(1), rows / dealsOnly.get(1), dealsOnly.get(1) / rawMedian);
    System.out.printf("| kompass import of the export, end to end | %.2f s | %,.0f rows/s | %.2f (%.2f× the floor) |%n", fullMedian,
        rows / fullMedian, fullMedian / rawMedian, fullMedian / floorMedian);
  }

  /** Seconds from the first statement to the commit, in a new workspace file. */
  static double timedLoad(Path file, String... statements) throws Exception {
    try (Workspace ws = Workspace.openFile(file, new Settings("USD", java.time.ZoneId.of("UTC")));
        Connection c = ws.connect();
        Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      c.setAutoCommit(false);
      for (String sql : statements) {
        s.execute(sql);
      }
      c.commit();
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  /** The floor's deals insert: each column parsed or mapped the one way this file needs, nothing checked. */
  static String floorSql(Path csv) {
    String closed = "lower(\"Deal Stage\") IN ('closed won', 'closed lost')";
    return "INSERT INTO deals (id, source_system, name, pipeline, stage, status, amount, currency, created_at, closed_at, expected_close_at,"
        + " account_id, owner_id) SELECT 'hubspot-' || \"Record ID\", 'hubspot', \"Deal Name\", \"Pipeline\", \"Deal Stage\","
        + " CASE lower(\"Deal Stage\") WHEN 'closed won' THEN 'won' WHEN 'closed lost' THEN 'lost' ELSE 'open' END,"
        + " CAST(\"Amount\" AS DECIMAL(18,2)), 'USD', strptime(\"Create Date\", '%Y-%m-%d %H:%M'),"
        + " CASE WHEN " + closed + " THEN strptime(\"Close Date\", '%Y-%m-%d %H:%M') END,"
        + " CASE WHEN NOT " + closed + " THEN CAST(strptime(\"Close Date\", '%Y-%m-%d %H:%M') AS DATE) END,"
        + " 'hubspot:' || \"Associated Company\", 'hubspot:' || \"Deal owner\""
        + " FROM read_csv('" + csv + "', header = true, all_varchar = true)";
  }

  /** A deals export as HubSpot writes it: labels as headers, owners and companies by name, quoted text. */
  static void write(Path file, long rows) throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    String[] stages = {"Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent",
      "Closed Won", "Closed Lost"};
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Pipeline\",\"Amount\",\"Close Date\",\"Create Date\",\"Deal owner\","
          + "\"Associated Company\",\"Deal Type\",\"Last Activity Date\"\n");
      for (long i = 1; i <= rows; i++) {
        int s = r.nextInt(7);
        int m = 1 + r.nextInt(12);
        int d = 1 + r.nextInt(28);
        String created = String.format("2024-%02d-%02d %02d:%02d", m, d, r.nextInt(24), r.nextInt(60));
        String close = s >= 5 ? String.format("2025-%02d-%02d %02d:%02d", m, d, r.nextInt(24), r.nextInt(60))
            : r.nextBoolean() ? String.format("2025-%02d-%02d 00:00", m, d) : "";
        w.write((10_000_000_000L + i) + ",\"Deal " + i + "\"," + stages[s] + ",Sales Pipeline," + r.nextInt(100_000) + "." + r.nextInt(10)
            + "," + close + "," + created + ",\"Owner " + (1 + r.nextInt(50)) + "\",\"Company " + (1 + r.nextInt(20_000))
            + "\",newbusiness," + created + "\n");
      }
    }
  }
}

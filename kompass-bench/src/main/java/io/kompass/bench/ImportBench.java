package io.kompass.bench;

import io.kompass.engine.Progress;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Canonical CSV import, end to end with validation and merge, against the raw DuckDB CSV reader
 * on the same file in the same run (the ceiling). A fresh workspace per run, so each run adds
 * every row.
 */
final class ImportBench {

  private ImportBench() {}

  public static void main(String[] args) throws Exception {
    long deals = Bench.longArg(args, "--deals", 1_000_000);
    Path dir = Files.createTempDirectory("kompass-import-bench");
    Path data = Files.createDirectories(dir.resolve("in"));
    write(data, deals);
    Path dealsCsv = data.resolve("deals.csv");
    long bytes = Files.size(dealsCsv);
    System.out.println("Import benchmark: " + Bench.fmt(deals) + " deals (" + bytes / (1024 * 1024) + " MiB CSV, 17 columns); " + Bench.machine());

    // Ceiling: DuckDB's reader alone, every field as text, into a temporary table.
    double raw = Bench.median(3, () -> {
      try (Workspace ws = Workspace.openInMemory("raw" + System.nanoTime(), Settings.DEFAULT);
          Connection c = ws.connect();
          PreparedStatement ps = c.prepareStatement(
              "CREATE TEMP TABLE t AS SELECT * FROM read_csv(?, header = true, all_varchar = true, auto_detect = true, delim = ',', quote = '\"', escape = '\"')")) {
        ps.setString(1, dealsCsv.toString());
        ps.execute();
      }
      return null;
    });

    // Floor: the least any loader can do on this machine. The file is read with its types straight into
    // the workspace's deals table and committed, then the two inferred history rows of each closed deal
    // are written. Nothing is checked, quarantined or compared.
    List<Double> floorTimes = new ArrayList<>();
    List<Double> dealsOnlyTimes = new ArrayList<>();
    Bench.median(3, () -> {
      Path file = dir.resolve("floor-" + System.nanoTime() + ".duckdb");
      try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT); Connection c = ws.connect(); Statement s = c.createStatement()) {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        s.execute(FLOOR_DEALS.replace("<file>", dealsCsv.toString()));
        s.execute(FLOOR_HISTORY);
        c.commit();
        floorTimes.add((System.nanoTime() - t0) / 1e9);
      }
      Files.deleteIfExists(file);
      // Less still: the deals alone, without the history that point-in-time KPIs read.
      try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT); Connection c = ws.connect(); Statement s = c.createStatement()) {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        s.execute(FLOOR_DEALS.replace("<file>", dealsCsv.toString()));
        c.commit();
        dealsOnlyTimes.add((System.nanoTime() - t0) / 1e9);
      }
      Files.deleteIfExists(file);
      return null;
    });

    // Kompass: the whole canonical import of the same deals file (reps first, as a real import would have them).
    List<Path> before = List.of(data.resolve("reps.csv"), data.resolve("currency_rates.csv"));
    List<Double> importTimes = new ArrayList<>();
    double full = Bench.median(3, () -> {
      Path file = dir.resolve("ws-" + System.nanoTime() + ".duckdb");
      try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
        new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(before);
        long t0 = System.nanoTime();
        ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(dealsCsv));
        importTimes.add((System.nanoTime() - t0) / 1e9);
        if (r.loaded() != deals) {
          throw new IllegalStateException("expected every row to load: " + r);
        }
      }
      Files.deleteIfExists(file);
      return null;
    });
    // The timed section above includes opening the workspace and loading reps; report the deals import alone as well.
    double importOnly = medianAfterWarmUp(importTimes);
    double floor = medianAfterWarmUp(floorTimes);
    double dealsOnly = medianAfterWarmUp(dealsOnlyTimes);

    // Re-import of the same file (every row unchanged).
    Path reFile = dir.resolve("reimport.duckdb");
    double reimport;
    try (Workspace ws = Workspace.openFile(reFile, Settings.DEFAULT)) {
      new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(data));
      long t0 = System.nanoTime();
      ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(dealsCsv));
      reimport = (System.nanoTime() - t0) / 1e9;
      if (r.files().get(0).unchanged() != deals) {
        throw new IllegalStateException("re-import changed rows: " + r);
      }
      try (Connection c = ws.connect(); Statement s = c.createStatement()) {
        s.execute("CHECKPOINT");
      }
    }

    System.out.println();
    System.out.println("| measurement | time (median of 3) | rows/s | ratio to the raw reader |");
    System.out.println("|---|---|---|---|");
    System.out.println("| raw `read_csv` into a temp table (ceiling) | " + Bench.sec(raw) + " | " + Bench.fmt(deals / raw) + " | 1.00 |");
    System.out.println("| floor: typed read straight into the deals table + inferred history, no checks | " + Bench.sec(floor) + " | "
        + Bench.fmt(deals / floor) + " | " + String.format("%.2f", floor / raw) + " |");
    System.out.println("| typed read straight into the deals table alone (no history), no checks | " + Bench.sec(dealsOnly) + " | "
        + Bench.fmt(deals / dealsOnly) + " | " + String.format("%.2f", dealsOnly / raw) + " |");
    System.out.println("| Kompass import, deals file only (check, quarantine, merge, history) | " + Bench.sec(importOnly) + " | "
        + Bench.fmt(deals / importOnly) + " | " + String.format("%.2f", importOnly / raw) + " (" + String.format("%.2f", importOnly / floor)
        + "× the floor) |");
    System.out.println("| Kompass import incl. opening the workspace and reps | " + Bench.sec(full) + " | " + Bench.fmt(deals / full) + " | "
        + String.format("%.2f", full / raw) + " |");
    System.out.println("| re-import of the same file (all unchanged) | " + Bench.sec(reimport) + " | " + Bench.fmt(deals / reimport) + " | "
        + String.format("%.2f", reimport / raw) + " |");
    Bench.deleteTree(dir);
  }

  /** The median of timings taken inside {@link Bench#median}'s runs, leaving out its warm-up run. */
  static double medianAfterWarmUp(List<Double> times) {
    List<Double> runs = new ArrayList<>(times.subList(1, times.size()));
    runs.sort(Double::compare);
    int n = runs.size();
    return n % 2 == 1 ? runs.get(n / 2) : (runs.get(n / 2 - 1) + runs.get(n / 2)) / 2;
  }

  /** The floor's deals: the file read with its types straight into the workspace's table ({@code <file>}: its path). */
  static final String FLOOR_DEALS = "INSERT INTO deals SELECT id, 'bench', name, pipeline, stage, status, amount, currency, created_at, closed_at,"
      + " expected_close_at, qualified_at, lead_id, account_id, owner_id, product, channel, lost_reason FROM read_csv('<file>', header = true,"
      + " types = {'amount': 'DECIMAL(18,2)', 'created_at': 'TIMESTAMP', 'closed_at': 'TIMESTAMP', 'expected_close_at': 'DATE',"
      + " 'qualified_at': 'TIMESTAMP', 'lead_id': 'VARCHAR', 'account_id': 'VARCHAR'})";

  /** The floor's stage history: an open row from creation, and for a closed deal its closing row. */
  static final String FLOOR_HISTORY = "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, left_at, pipeline)"
      + " SELECT id, source_system, CASE WHEN k.n = 1 THEN 'Open' ELSE stage END, CASE WHEN k.n = 1 THEN 'open' ELSE status END,"
      + " CASE WHEN k.n = 1 THEN created_at ELSE closed_at END, true, CASE WHEN k.n = 1 THEN closed_at END, pipeline"
      + " FROM deals CROSS JOIN (VALUES (1), (2)) k(n) WHERE k.n = 1 OR status <> 'open'";

  /** Realistic canonical deals: mixed statuses, EUR and SEK, timestamps, lost reasons, 50 owners. */
  static void write(Path dir, long deals) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("reps.csv"), StandardCharsets.UTF_8)) {
      w.write("id,name,email,started_at\n");
      for (int i = 1; i <= 50; i++) {
        w.write("R" + i + ",Rep " + i + ",rep" + i + "@example.com,2022-01-01\n");
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("currency_rates.csv"), StandardCharsets.UTF_8)) {
      w.write("rate_date,currency,rate\n2020-01-01,SEK,0.09\n");
    }
    SplittableRandom rnd = new SplittableRandom(7);
    String[] stages = {"Discovery", "Proposal", "Negotiation"};
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("deals.csv"), StandardCharsets.UTF_8)) {
      w.write("id,name,pipeline,stage,status,amount,currency,created_at,closed_at,expected_close_at,owner_id,product,channel,lost_reason,account_id,lead_id,qualified_at\n");
      for (long i = 1; i <= deals; i++) {
        int roll = rnd.nextInt(10);
        String status = roll < 3 ? "won" : roll < 6 ? "lost" : "open";
        int month = 1 + rnd.nextInt(12);
        int day = 1 + rnd.nextInt(28);
        String created = String.format("2024-%02d-%02d %02d:%02d:00", month, day, rnd.nextInt(24), rnd.nextInt(60));
        String closed = status.equals("open") ? "" : String.format("2025-%02d-%02d", month, day);
        String stage = status.equals("won") ? "Closed Won" : status.equals("lost") ? "Closed Lost" : stages[rnd.nextInt(3)];
        w.write("D" + i + ",Deal " + i + ",default," + stage + "," + status + "," + rnd.nextInt(200, 90_000) + "." + rnd.nextInt(10) + "0,"
            + (rnd.nextInt(4) == 0 ? "SEK" : "EUR") + "," + created + "," + closed + "," + (status.equals("open") ? "2025-06-30" : "") + ",R"
            + (1 + rnd.nextInt(50)) + ",P" + rnd.nextInt(5) + ",web," + (status.equals("lost") ? "price" : "") + ",,,\n");
      }
    }
  }
}

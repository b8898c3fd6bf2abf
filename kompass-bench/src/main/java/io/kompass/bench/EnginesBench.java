package io.kompass.bench;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.workspace.ParquetExport;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceCopy;
import io.kompass.spark.SparkKpiEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The default dashboard set (the seven core KPIs × 36 months, overall and, where a KPI has one, by
 * rep) on DuckDB, PostgreSQL and Spark local[2], at several data sizes, in one run.
 */
final class EnginesBench {

  private EnginesBench() {}

  public static void main(String[] args) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (String s : Bench.stringArg(args, "--sizes", "1000000,3000000").split(",")) {
      sizes.add(Long.parseLong(s.trim().replace("_", "")));
    }
    int runs = (int) Bench.longArg(args, "--runs", 2);
    List<String> engines = List.of(Bench.stringArg(args, "--engines", "duckdb,postgresql,spark").split(","));
    Catalog catalog = Catalog.builtin();
    LocalDate end = KpiBench.END;
    LocalDate from = end.withDayOfMonth(1).minusMonths(35);
    List<String> core = catalog.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id).toList();
    List<String> byRep = core.stream().filter(id -> catalog.dimensionsOf(id).contains("rep")).toList();
    Calendar monthly = new Calendar(Grain.MONTH, 1);
    KpiQuery overall = new KpiQuery(core.stream().map(KpiRequest::of).toList(), from, end, monthly, List.of(), null, 30, null);
    KpiQuery perRep = new KpiQuery(byRep.stream().map(KpiRequest::of).toList(), from, end, monthly, List.of("rep"), null, 30, null);
    System.out.println("Engines benchmark: " + core.size() + " core KPIs × 36 months overall + " + byRep.size() + " by rep, " + (runs == 1 ? "one cold run" : "median of " + runs + " after a warm-up")
        + "; " + Bench.machine());
    System.out.println();
    System.out.println("| deals | DuckDB | PostgreSQL | ratio | Spark local[2] | ratio | loading (not in the times) |");
    System.out.println("|---|---|---|---|---|---|---|");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setServerConfig("shared_buffers", "2GB").setServerConfig("work_mem", "256MB")
        .setServerConfig("max_parallel_workers_per_gather", "2").setServerConfig("maintenance_work_mem", "1GB").start()) {
      for (long deals : sizes) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "kompass-bench-" + deals + ".duckdb");
        Settings settings = new Settings("EUR", ZoneId.of("Europe/Stockholm"));
        if (!Files.exists(file)) {
          try (Workspace ws = Workspace.openFile(file, settings)) {
            DemoGenerator.generate(ws, new DemoSpec(42, (int) deals, end), Progress.NONE);
            try (Connection c = ws.connect(); Statement s = c.createStatement()) {
              s.execute("CHECKPOINT");
            }
          }
        }
        try (Workspace duck = Workspace.openFile(file, Settings.DEFAULT)) {
          String db = "bench_" + deals;
          try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
          }
          Path lake = Files.createTempDirectory("kompass-lake");
          long t0 = System.nanoTime();
          if (engines.contains("spark")) {
            ParquetExport.export(duck, lake, Progress.NONE);
          }
          double exportTime = (System.nanoTime() - t0) / 1e9;
          phase(deals, "DuckDB: running the KPIs");
          double duckTime = time(runs, () -> run(KpiEngine.on(duck, catalog), overall, perRep));
          double pgTime = Double.NaN;
          double copyTime = Double.NaN;
          if (engines.contains("postgresql")) {
            try (Workspace postgres = Workspace.openPostgres(pg.getJdbcUrl("postgres", db), null, null, settings)) {
              phase(deals, "PostgreSQL: copying the workspace");
              long c0 = System.nanoTime();
              WorkspaceCopy.copy(duck, postgres, Progress.NONE);
              copyTime = (System.nanoTime() - c0) / 1e9;
              phase(deals, "PostgreSQL: running the KPIs");
              pgTime = time(runs, () -> run(KpiEngine.on(postgres, catalog), overall, perRep));
            }
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
              s.execute("DROP DATABASE " + db);
            }
          }
          double sparkTime = Double.NaN;
          if (engines.contains("spark")) {
            phase(deals, "Spark: running the KPIs");
            try (SparkKpiEngine spark = SparkKpiEngine.local(lake, catalog, 2)) {
              sparkTime = time(runs, () -> {
                spark.run(overall);
                spark.run(perRep);
                return null;
              });
            }
          }
          Bench.deleteTree(lake);
          System.out.println("| " + Bench.fmt(deals) + " | " + Bench.sec(duckTime) + " | " + cell(pgTime, duckTime) + " | " + cell(sparkTime, duckTime)
              + " | " + (Double.isNaN(copyTime) ? "" : "PostgreSQL copy " + Bench.sec(copyTime))
              + (Double.isNaN(copyTime) || exportTime < 0.01 ? "" : ", ") + (exportTime < 0.01 ? "" : "Parquet export " + Bench.sec(exportTime)) + " |");
        }
      }
    }
  }

  /** Which step a long run is in, on stderr so the table on stdout stays clean. */
  private static void phase(long deals, String step) {
    System.err.println(java.time.LocalTime.now().withNano(0) + " " + Bench.fmt(deals) + " deals, " + step);
  }

  /** An engine's time and its ratio to DuckDB, or "not run". */
  private static String cell(double t, double duck) {
    return Double.isNaN(t) ? "not run | " : Bench.sec(t) + " | " + String.format(java.util.Locale.ROOT, "%.1f", t / duck);
  }

  /** The median of {@code runs} timed runs after a warm-up; with one run, a single cold run. */
  private static double time(int runs, java.util.concurrent.Callable<?> work) throws Exception {
    return runs == 1 ? Bench.once(work) : Bench.median(runs, work);
  }

  private static Object run(KpiEngine engine, KpiQuery overall, KpiQuery perRep) {
    engine.run(overall);
    engine.run(perRep);
    return null;
  }
}

package io.kompass.engine.demo;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Measures demo generation by hand; not a test. Arguments are preset names or deal counts (default:
 * tiny small medium), each generated into a fresh workspace file under the system temp folder, which
 * is deleted afterwards. Prints wall-clock time, rows per table and rows per second. Options:
 * {@code -Dverbose=true} prints every progress update with its time, {@code -Dmemory=true} generates
 * into an in-memory workspace instead, {@code -DmemoryLimit=6GB} caps DuckDB's memory (it spills to
 * disk beyond it).
 */
public final class DemoBenchmark {

  private DemoBenchmark() {}

  /** Kept in a field: the logging framework holds loggers weakly and would forget the level. */
  private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

  public static void main(String[] args) throws Exception {
    FLYWAY.setLevel(Level.WARNING);
    String[] sizes = args.length == 0 ? new String[] {"tiny", "small", "medium"} : args;
    for (String size : sizes) {
      DemoSpec spec = size.matches("\\d+")
          ? new DemoSpec(42, Integer.parseInt(size), LocalDate.of(2026, 10, 31))
          : DemoSpec.preset(size, 42, LocalDate.of(2026, 10, 31));
      Path dir = Files.createTempDirectory("kompass-demo-bench");
      Path file = dir.resolve("demo.duckdb");
      long begin = System.nanoTime();
      boolean verbose = Boolean.getBoolean("verbose");
      Progress progress = (task, done, total) -> {
        if (verbose) {
          System.out.printf(Locale.ROOT, "  %6.1f s  %s %d/%d%n", (System.nanoTime() - begin) / 1e9, task, done, total);
        }
      };
      boolean memory = Boolean.getBoolean("memory");
      Workspace ws = memory
          ? Workspace.openInMemory("bench-" + size, Settings.DEFAULT)
          : Workspace.openFile(file, Settings.DEFAULT);
      boolean open = true;
      try {
        String limit = System.getProperty("memoryLimit");
        if (limit != null) {
          try (Connection c = ws.connect();
              Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '" + limit.replace("'", "") + "'");
          }
        }
        DemoReport report = DemoGenerator.generate(ws, spec, progress);
        double seconds = report.took().toMillis() / 1000.0;
        long closing = System.nanoTime();
        // Closing checkpoints the file; the CLI keeps it open for the server, so this is reported apart.
        ws.close();
        open = false;
        System.out.printf(Locale.ROOT, "%s: %d deals, %.1f s, %d rows, %.0f rows/s, file %d MB, closed in %.1f s%n",
            size, spec.deals(), seconds, report.totalRows(), report.totalRows() / seconds,
            memory ? 0 : Files.size(file) >> 20, (System.nanoTime() - closing) / 1e9);
        for (Map.Entry<String, Long> e : report.rowsPerTable().entrySet()) {
          System.out.printf(Locale.ROOT, "  %-20s %,12d%n", e.getKey(), e.getValue());
        }
      } finally {
        if (open) {
          ws.close();
        }
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
    }
  }
}

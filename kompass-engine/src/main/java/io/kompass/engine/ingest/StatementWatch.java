package io.kompass.engine.ingest;

import io.kompass.engine.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBPreparedStatement;

/**
 * Moves an import's progress while one of its long statements runs: checking a large file is one statement of many
 * seconds, so a bar that moved only between statements stood still at its start. DuckDB says how far a statement is;
 * this asks it four times a second.
 */
final class StatementWatch implements AutoCloseable {

  /** The statement each connection of an import is running (see {@link TableLoader#exec}). */
  private static final Map<Connection, Statement> RUNNING = new ConcurrentHashMap<>();

  private final Connection connection;
  private final Progress progress;
  private final ScheduledExecutorService timer;
  private volatile String task;
  private volatile long from;
  private volatile long span;
  private volatile long total;

  StatementWatch(Connection connection, Progress progress) throws SQLException {
    this(connection, progress, 250);
  }

  /** @param everyMillis how often to ask (a test asks often, so that a short statement is seen running) */
  StatementWatch(Connection connection, Progress progress, long everyMillis) throws SQLException {
    this.connection = connection;
    this.progress = progress;
    if (progress == Progress.NONE || !(connection.isWrapperFor(org.duckdb.DuckDBConnection.class))) {
      timer = null;
      return;
    }
    try (Statement s = connection.createStatement()) {
      // Tracked, not printed: DuckDB would otherwise draw its own bar on the terminal.
      s.execute("SET enable_progress_bar = true");
      s.execute("SET enable_progress_bar_print = false");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kompass-import-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::tick, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  /** Reports {@code task} at {@code from} of {@code total}; statements run until the next call move it up to {@code from + span}. */
  void phase(String task, long from, long span, long total) {
    this.task = task;
    this.from = from;
    this.span = span;
    this.total = total;
    progress.update(task, from, total);
  }

  static void running(Connection c, Statement s) {
    RUNNING.put(c, s);
  }

  static void finished(Connection c) {
    RUNNING.remove(c);
  }

  private void tick() {
    String now = task;
    Statement s = RUNNING.get(connection);
    if (now == null || !(s instanceof DuckDBPreparedStatement d)) {
      return;
    }
    try {
      double percent = d.getQueryProgress().getPercentage();
      if (percent > 0 && percent <= 100) {
        progress.update(now, from + (long) (span * percent / 100), total);
      }
    } catch (SQLException | RuntimeException e) {
      // The statement ended between the two calls: nothing to show.
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    RUNNING.remove(connection);
  }
}

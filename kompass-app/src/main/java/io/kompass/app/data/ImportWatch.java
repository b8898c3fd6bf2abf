package io.kompass.app.data;

import io.kompass.app.numbers.DataChanged;
import io.kompass.app.numbers.DataVersion;
import io.kompass.app.numbers.Numbers;
import io.kompass.engine.workspace.Workspace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Notices imports that other processes finished in the workspace while the server runs ({@code kompass import} beside
 * the server, which a PostgreSQL workspace allows), so that cached numbers and open dashboards move on to the new data
 * as after an import through the server. A DuckDB workspace is held by the server alone: nothing to watch.
 */
@Component
public class ImportWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ImportWatch.class);

  private final Workspace workspace;
  private final DataVersion version;
  private final long seconds;
  /** The newest finished import the numbers know of. */
  private final AtomicLong known = new AtomicLong();
  private ScheduledExecutorService timer;

  ImportWatch(Numbers numbers, DataVersion version, @Value("${kompass.import-watch-seconds:5}") long seconds) {
    this.workspace = numbers.workspace();
    this.version = version;
    this.seconds = seconds;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (workspace.dialect() != io.kompass.engine.sql.Dialect.POSTGRESQL || seconds <= 0) {
      return;
    }
    known.accumulateAndGet(newestImport(), Math::max);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kompass-import-watch");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        check();
      } catch (RuntimeException e) {
        LOG.warn("could not look for imports made beside the server: {}", e.getMessage());
      }
    }, seconds, seconds, TimeUnit.SECONDS);
  }

  @EventListener
  void on(DataChanged changed) {
    known.accumulateAndGet(changed.importId(), Math::max);
  }

  @EventListener(ContextClosedEvent.class)
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Looks once for an import finished since the last one known; true when it found one (and moved the data version on). */
  public boolean check() {
    long newest = newestImport();
    long before = known.get();
    if (newest > before && known.compareAndSet(before, newest)) {
      version.bump(newest);
      return true;
    }
    return false;
  }

  private long newestImport() {
    try (Connection c = workspace.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM import_runs WHERE status = 'done'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new io.kompass.engine.workspace.WorkspaceException("cannot read the imports: " + e.getMessage(), e);
    }
  }
}

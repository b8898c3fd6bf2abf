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
import java.util.List;
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
  /**
   * The finished imports the numbers know of. A set, not the highest id: ids are given when an import starts, so a long
   * import beside the server may finish after a later one.
   */
  private final java.util.Set<Long> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
    known.addAll(finishedImports());
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
    known.add(changed.importId());
  }

  /** An import this server made is known from its commit on, so that the watch does not announce it a second time. */
  @EventListener
  void on(io.kompass.app.numbers.DataCommitted committed) {
    known.add(committed.importId());
  }

  @EventListener(ContextClosedEvent.class)
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Looks once for imports finished that the numbers do not know of; true when it found one (and moved the data version on). */
  public synchronized boolean check() {
    List<Long> unknown = finishedImports().stream().filter(id -> !known.contains(id)).toList();
    if (unknown.isEmpty()) {
      return false;
    }
    known.addAll(unknown);
    version.bump(unknown.get(unknown.size() - 1));
    return true;
  }

  /** The ids of the finished imports, the newest thousand (an import older than those is long known). */
  private List<Long> finishedImports() {
    try (Connection c = workspace.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM import_runs WHERE status = 'done' ORDER BY id DESC LIMIT 1000")) {
      List<Long> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
      java.util.Collections.reverse(out);
      return out;
    } catch (SQLException e) {
      throw new io.kompass.engine.workspace.WorkspaceException("cannot read the imports: " + e.getMessage(), e);
    }
  }
}

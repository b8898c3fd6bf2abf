package io.kompass.engine.run;

import io.kompass.engine.sql.Dialect;
import io.kompass.engine.sql.Rendered;
import io.kompass.engine.sql.Select.From;
import io.kompass.engine.sql.SqlRenderer;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalog lookups (a value per key computed from the data alone, such as each account's first
 * purchase) kept in tables of an in-memory database that every connection to the workspace shares,
 * so that only the first query after a data change computes them. A kept table belongs to one data
 * version, which the caller names: a query on a newer version computes its own, and the tables of
 * versions older than the one before it are dropped. The caller must read the version before the
 * query reads any data (so a table can only ever hold data at least as new as its version).
 */
final class KeptLookups {

  /** The in-memory database the tables live in (DuckDB's {@code ATTACH ':memory:'}). */
  static final String DATABASE = "kompass_lookups";

  /** Table names are unique in the process: several engines may keep lookups of one workspace. */
  private static final AtomicLong NAMES = new AtomicLong();

  private final Dialect dialect;
  private final Supplier<Connection> connections;
  private final ConcurrentHashMap<List<Object>, CompletableFuture<String>> tables = new ConcurrentHashMap<>();
  private volatile boolean attached;
  private long newest = Long.MIN_VALUE;

  KeptLookups(Dialect dialect, Supplier<Connection> connections) {
    if (!dialect.supports(Dialect.Capability.KEPT_LOOKUPS)) {
      throw new IllegalArgumentException(dialect.name() + " cannot keep lookups");
    }
    this.dialect = dialect;
    this.connections = connections;
  }

  /**
   * What the renderer asks for the lookups of a query on data version {@code version}; with a data
   * stamp (the workspace's own, read before the query), a lookup is kept per stamp as well, so that
   * a result kept for that stamp never joins lookups of older data.
   */
  Function<From.Lookup, String> at(long version, String stamp) {
    retireBefore(version - 1);
    return lookup -> table(lookup, version, stamp);
  }

  /** The kept table holding a lookup's rows, computed now if no query on this version (and stamp) did. */
  private String table(From.Lookup lookup, long version, String stamp) {
    // A lookup may read other lookups (a derived column of the fact it reads): those are kept first.
    Rendered r = SqlRenderer.render(lookup.select(), dialect, inner -> table(inner, version, stamp));
    List<Object> key = Arrays.asList(version, stamp, r.sql(), r.binds());
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> existing = tables.putIfAbsent(key, mine);
    if (existing != null) {
      try {
        return existing.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
    String name = DATABASE + ".lookup_" + NAMES.incrementAndGet();
    try (Connection c = connections.get()) {
      attach(c);
      try (PreparedStatement ps = c.prepareStatement("CREATE TABLE " + name + " AS " + r.sql())) {
        KpiEngine.bind(ps, r.binds());
        ps.execute();
      }
      mine.complete(name);
      return name;
    } catch (SQLException | RuntimeException e) {
      tables.remove(key, mine);
      RuntimeException failure = e instanceof RuntimeException re ? re : new WorkspaceException("could not compute a lookup: " + e.getMessage(), e);
      mine.completeExceptionally(failure);
      throw failure;
    }
  }

  private void attach(Connection c) throws SQLException {
    if (!attached) {
      synchronized (this) {
        if (!attached) {
          try (Statement s = c.createStatement()) {
            s.execute("ATTACH IF NOT EXISTS ':memory:' AS " + DATABASE);
          }
          attached = true;
        }
      }
    }
  }

  /** Drops the tables of versions before {@code oldest}, once per newer version seen. */
  private void retireBefore(long oldest) {
    List<String> drop = new ArrayList<>();
    synchronized (this) {
      if (oldest <= newest) {
        return;
      }
      newest = oldest;
      for (Map.Entry<List<Object>, CompletableFuture<String>> e : tables.entrySet()) {
        if ((Long) e.getKey().get(0) < oldest && e.getValue().isDone() && !e.getValue().isCompletedExceptionally()
            && tables.remove(e.getKey(), e.getValue())) {
          drop.add(e.getValue().join());
        }
      }
    }
    if (drop.isEmpty()) {
      return;
    }
    try (Connection c = connections.get(); Statement s = c.createStatement()) {
      for (String name : drop) {
        s.execute("DROP TABLE IF EXISTS " + name);
      }
    } catch (SQLException e) {
      throw new WorkspaceException("could not drop kept lookups: " + e.getMessage(), e);
    }
  }
}

package io.kompass.engine.workspace;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.Flyway;

/**
 * An open workspace on embedded DuckDB. Thread-safe: {@link #connect()} hands out a new
 * connection to the same database for each unit of work.
 */
public final class Workspace implements AutoCloseable {

  private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");

  private final String location;
  private final DuckDBConnection primary;
  private final Settings settings;

  private Workspace(String location, DuckDBConnection primary, Settings settings) {
    this.location = location;
    this.primary = primary;
    this.settings = settings;
  }

  /**
   * Opens the workspace in a DuckDB file, creating it with {@code initial} settings when new.
   *
   * @param file the database file; its folder is created when missing
   * @param initial settings for a new workspace; ignored when the workspace exists
   */
  public static Workspace openFile(Path file, Settings initial) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new WorkspaceException("cannot create the folder for workspace " + file + ": " + e.getMessage(), e);
    }
    return open("jdbc:duckdb:" + file.toAbsolutePath(), file.toString(), initial);
  }

  /** Opens a private in-memory workspace, for tests and one-off computations. */
  public static Workspace openInMemory(String name, Settings initial) {
    return open("jdbc:duckdb:memory:" + name, "memory:" + name, initial);
  }

  private static Workspace open(String url, String location, Settings initial) {
    DuckDBConnection primary;
    try {
      primary = (DuckDBConnection) DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw explainOpenFailure(location, e);
    }
    try {
      migrate(primary);
      Settings settings = loadOrInitSettings(primary, initial);
      return new Workspace(location, primary, settings);
    } catch (SQLException | RuntimeException e) {
      try {
        primary.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof WorkspaceException we) {
        throw we;
      }
      throw new WorkspaceException("cannot prepare workspace " + location + ": " + e.getMessage(), e);
    }
  }

  static WorkspaceException explainOpenFailure(String location, SQLException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("lock")) {
      Matcher m = LOCK_PID.matcher(msg);
      String holder = m.find() ? "another Kompass process (PID " + m.group(1) + ")" : "another process";
      return new WorkspaceException(
          "workspace " + location + " is in use by " + holder
              + ", probably a running Kompass server. DuckDB lets only one process open a workspace"
              + " for writing: stop that process (Ctrl+C in its terminal) and run the command again,"
              + " or point this command at another workspace with --workspace.",
          e);
    }
    return new WorkspaceException("cannot open workspace " + location + ": " + msg, e);
  }

  private static void migrate(DuckDBConnection primary) {
    Flyway.configure()
        .dataSource(new DuplicatingDataSource(primary))
        .locations("classpath:db/migration/duckdb")
        .load()
        .migrate();
  }

  private static Settings loadOrInitSettings(Connection c, Settings initial) throws SQLException {
    String currency = setting(c, "currency");
    String zone = setting(c, "time_zone");
    if (currency == null) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO workspace_settings VALUES ('currency', ?), ('time_zone', ?)")) {
        ps.setString(1, initial.currency());
        ps.setString(2, initial.timeZone().getId());
        ps.executeUpdate();
      }
      return initial;
    }
    return new Settings(currency, ZoneId.of(zone));
  }

  private static String setting(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM workspace_settings WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  public Settings settings() {
    return settings;
  }

  /** Where the workspace lives, for messages. */
  public String location() {
    return location;
  }

  /** A new connection to the workspace database; close it when done. */
  public Connection connect() {
    try {
      return primary.duplicate();
    } catch (SQLException e) {
      throw new WorkspaceException("cannot connect to workspace " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      primary.close();
    } catch (SQLException e) {
      throw new WorkspaceException("cannot close workspace " + location + ": " + e.getMessage(), e);
    }
  }

  /** Gives Flyway connections to the already open database instead of opening the file again. */
  private record DuplicatingDataSource(DuckDBConnection primary) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return primary.duplicate();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return primary.duplicate();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}

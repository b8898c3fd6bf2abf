package io.kompass.engine.workspace;

import io.kompass.engine.sql.Dialect;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * An open workspace: embedded DuckDB (a file, or in memory) or a PostgreSQL database. Thread-safe:
 * {@link #connect()} hands out a new connection for each unit of work.
 */
public final class Workspace implements AutoCloseable {

  private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");

  /** Where the data lives and how to reach it. */
  private sealed interface Store permits DuckDb, Postgres {
    Connection connect() throws SQLException;

    Dialect dialect();

    String migrations();

    DataSource dataSource();

    void close() throws SQLException;
  }

  /** Embedded DuckDB: one open database per process, shared through duplicated connections. */
  private record DuckDb(DuckDBConnection primary) implements Store {
    @Override
    public Connection connect() throws SQLException {
      return primary.duplicate();
    }

    @Override
    public Dialect dialect() {
      return Dialect.DUCKDB;
    }

    @Override
    public String migrations() {
      return "classpath:db/migration/duckdb";
    }

    @Override
    public DataSource dataSource() {
      return new ConnectingDataSource(this);
    }

    @Override
    public void close() throws SQLException {
      primary.close();
    }
  }

  /** A PostgreSQL server: a new JDBC connection per unit of work. */
  private record Postgres(String url, Properties properties) implements Store {
    @Override
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, properties);
    }

    @Override
    public Dialect dialect() {
      return Dialect.POSTGRESQL;
    }

    @Override
    public String migrations() {
      return "classpath:db/migration/postgresql";
    }

    @Override
    public DataSource dataSource() {
      return new ConnectingDataSource(this);
    }

    @Override
    public void close() {}
  }

  private final String location;
  private final Store store;
  private final Settings settings;

  private Workspace(String location, Store store, Settings settings) {
    this.location = location;
    this.store = store;
    this.settings = settings;
  }

  /**
   * Opens a workspace named by a DuckDB file path or a {@code jdbc:postgresql:} URL (user and
   * password as URL parameters or in {@code PGUSER}/{@code PGPASSWORD}-style properties of the URL).
   */
  public static Workspace open(String fileOrUrl, Settings initial) {
    if (isPostgresUrl(fileOrUrl)) {
      return openPostgres(POSTGRES_PREFIX + fileOrUrl.substring(POSTGRES_PREFIX.length()), null, null, initial);
    }
    checkIsAFile(fileOrUrl);
    return openFile(Path.of(fileOrUrl), initial);
  }

  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  /** Whether a workspace location names a PostgreSQL database ({@code jdbc:postgresql:...}, in any case) rather than a file. */
  public static boolean isPostgresUrl(String location) {
    return location.regionMatches(true, 0, POSTGRES_PREFIX, 0, POSTGRES_PREFIX.length());
  }

  /**
   * Refuses a location that looks like a URL but is not a {@code jdbc:postgresql:} one
   * ({@code postgresql://...}, {@code jdbc:postgres://...}): taken as a file name, it would quietly
   * become a DuckDB file named after the URL, password included.
   */
  public static void checkIsAFile(String location) {
    if (location.matches("(?si)[A-Za-z][A-Za-z0-9+.-]+:/.*|jdbc:.*")) {
      // Whatever sits between :// and the last @ may hold a password; so may a password= parameter.
      String shown = location.replaceAll("(?s)://.*@", "://***@").replaceAll("(?i)password=[^&]*", "password=***");
      throw new WorkspaceException("'" + shown
          + "' looks like a URL, not a file: a PostgreSQL workspace is written jdbc:postgresql://host/database?user=...&password=...");
    }
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
    return openDuckDb("jdbc:duckdb:" + file.toAbsolutePath(), file.toString(), initial);
  }

  /** Opens a private in-memory workspace, for tests and one-off computations. */
  public static Workspace openInMemory(String name, Settings initial) {
    return openDuckDb("jdbc:duckdb:memory:" + name, "memory:" + name, initial);
  }

  /** Opens (and creates or migrates the schema of) a workspace in a PostgreSQL database. */
  public static Workspace openPostgres(String url, String user, String password, Settings initial) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    // Bulk statements run for minutes on large workspaces; batched inserts are rewritten into multi-row ones.
    p.setProperty("reWriteBatchedInserts", "true");
    Store store = new Postgres(url, p);
    String shown = url.replaceAll("password=[^&]*", "password=***");
    try (Connection c = store.connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot connect to the PostgreSQL workspace " + shown + ": " + e.getMessage()
          + ". Check that the server runs, and the database, user and password in the URL.", e);
    }
    return prepare(shown, store, initial);
  }

  private static Workspace openDuckDb(String url, String location, Settings initial) {
    DuckDBConnection primary;
    try {
      // Opened through the driver itself: on some class paths (Spark's) DriverManager does not find it.
      primary = (DuckDBConnection) new org.duckdb.DuckDBDriver().connect(url, new Properties());
    } catch (SQLException e) {
      throw explainOpenFailure(location, e);
    }
    return prepare(location, new DuckDb(primary), initial);
  }

  private static Workspace prepare(String location, Store store, Settings initial) {
    try {
      Flyway flyway = Flyway.configure().dataSource(store.dataSource()).locations(store.migrations()).load();
      MigrationInfoService info = flyway.info();
      MigrationInfo[] pending = info.pending();
      MigrationInfo current = info.current();
      if (current != null && pending.length > 0) {
        // Upgrading an existing workspace can rebuild large tables: say so rather than seem to hang.
        System.err.printf("Upgrading workspace %s from schema version %s to %s; on a large workspace this can take a minute.%n", location,
            current.getVersion(), pending[pending.length - 1].getVersion());
      }
      flyway.migrate();
      Settings settings;
      try (Connection c = store.connect()) {
        settings = loadOrInitSettings(c, initial);
      }
      return new Workspace(location, store, settings);
    } catch (SQLException | RuntimeException e) {
      try {
        store.close();
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
    if (msg.contains("Permission denied") || msg.contains("Read-only file system")) {
      return new WorkspaceException("cannot open workspace " + location + ": " + msg + ". Kompass writes to the workspace file and keeps"
          + " a log file (.wal) beside it: run it as a user who may write both the file and its folder", e);
    }
    return new WorkspaceException("cannot open workspace " + location + ": " + msg, e);
  }

  private static Settings loadOrInitSettings(Connection c, Settings initial) throws SQLException {
    String currency = setting(c, "currency");
    String zone = setting(c, "time_zone");
    if (currency == null) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO workspace_settings (key, value) VALUES ('currency', ?), ('time_zone', ?)")) {
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

  /** The workspace setting {@code key} that can change (unlike {@link #settings()}), or null when none is saved. */
  public String setting(String key) {
    try (Connection c = connect()) {
      return setting(c, key);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the setting " + key + " of " + location + ": " + e.getMessage(), e);
    }
  }

  /** Saves a workspace setting, replacing its value. */
  public void saveSetting(String key, String value) {
    try (Connection c = connect()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        put(c, key, value);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new WorkspaceException("cannot save the setting " + key + " of " + location + ": " + e.getMessage(), e);
    }
  }

  /** The setting that names the month (1-12) the team's fiscal year starts in. */
  public static final String FISCAL_START = "fiscal_start_month";

  /**
   * The month (1-12) the team's fiscal year starts in, where quarters and years start: 1 (January)
   * unless saved (and when what is saved is not a month, which no page may fail on).
   */
  public int fiscalStartMonth() {
    return fiscalStartMonth(setting(FISCAL_START));
  }

  /** The month a saved {@link #FISCAL_START} names: 1 for none, or for anything that is not a month. */
  public static int fiscalStartMonth(String v) {
    try {
      int month = v == null ? 1 : Integer.parseInt(v.trim());
      return month >= 1 && month <= 12 ? month : 1;
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The setting that changes with every write of data that is not an import (see {@link #markDataWritten}). */
  public static final String DATA_WRITES = "data_writes";

  /**
   * Records, in the caller's transaction, that data was written other than by an import (demo
   * generation, a copy), so that results kept for the data before (KpiEngine.keepingResults) are not
   * used for it.
   */
  public static void markDataWritten(Connection c) throws SQLException {
    put(c, DATA_WRITES, java.util.UUID.randomUUID().toString());
  }

  /** Saves a workspace setting on a connection, in its transaction. */
  static void put(Connection c, String key, String value) throws SQLException {
    // One statement: two servers saving the same setting at once leave one value, the last one's.
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO workspace_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  /** Where the workspace lives, for messages (a PostgreSQL URL without its password). */
  public String location() {
    return location;
  }

  /** The SQL dialect of the workspace's engine. */
  public Dialect dialect() {
    return store.dialect();
  }

  /** Whether the workspace is embedded DuckDB (bulk paths such as the CSV reader and the Appender need it). */
  public boolean isDuckDb() {
    return store instanceof DuckDb;
  }

  /** A new connection to the workspace database; close it when done. */
  public Connection connect() {
    try {
      return store.connect();
    } catch (SQLException e) {
      throw new WorkspaceException("cannot connect to workspace " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (SQLException e) {
      throw new WorkspaceException("cannot close workspace " + location + ": " + e.getMessage(), e);
    }
  }

  /** Gives Flyway connections from the store instead of opening the database again. */
  private record ConnectingDataSource(Store store) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return store.connect();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return store.connect();
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

package io.kompass.engine.workspace;

import io.kompass.engine.Progress;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.ColumnType;
import io.kompass.engine.model.Table;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Copies every data table of one workspace into another, empty one, through CSV in bulk (DuckDB's
 * COPY and CSV reader, PostgreSQL's COPY): a demo or an import made on DuckDB can be moved to
 * PostgreSQL and back, and Parquet can be exported from either.
 */
public final class WorkspaceCopy {

  private WorkspaceCopy() {}

  /** The copied tables and their columns with their logical types, in dependency order. */
  static Map<String, Map<String, ColumnType>> tables() {
    Map<String, Map<String, ColumnType>> out = new LinkedHashMap<>();
    for (Table t : CanonicalModel.tables()) {
      Map<String, ColumnType> cols = new LinkedHashMap<>();
      for (Column c : t.columns()) {
        cols.put(c.name(), c.type());
      }
      cols.put("source_system", ColumnType.TEXT);
      if (t.name().equals("deal_stage_history")) {
        cols.put("inferred", ColumnType.BOOLEAN);
        cols.put("left_at", ColumnType.TIMESTAMP);
      }
      out.put(t.name(), cols);
    }
    out.put("currency_rates_daily", ordered("rate_date", ColumnType.DATE, "currency", ColumnType.TEXT, "rate", ColumnType.NUMBER));
    out.put("import_runs", ordered("id", ColumnType.INTEGER, "started_at", ColumnType.TIMESTAMP, "finished_at", ColumnType.TIMESTAMP, "status",
        ColumnType.TEXT, "files", ColumnType.TEXT, "rows_read", ColumnType.INTEGER, "rows_loaded", ColumnType.INTEGER, "rows_quarantined",
        ColumnType.INTEGER, "message", ColumnType.TEXT));
    out.put("quarantine", ordered("import_id", ColumnType.INTEGER, "table_name", ColumnType.TEXT, "file", ColumnType.TEXT, "line",
        ColumnType.INTEGER, "record_id", ColumnType.TEXT, "field", ColumnType.TEXT, "reason", ColumnType.TEXT, "problems", ColumnType.TEXT,
        "raw", ColumnType.TEXT));
    out.put("stage_overrides", ordered("source_system", ColumnType.TEXT, "stage", ColumnType.TEXT, "status", ColumnType.TEXT, "import_id",
        ColumnType.INTEGER));
    return out;
  }

  /**
   * The team's settings (fiscal year, focus KPIs) go with the data; currency and time zone are the
   * target's own (the same, since a copy checks them), and the data-write mark is the copy's.
   */
  private static void copySettings(Connection src, Connection dst) throws SQLException {
    try (Statement s = src.createStatement();
        ResultSet rs = s.executeQuery("SELECT key, value FROM workspace_settings WHERE key NOT IN ('currency', 'time_zone', '"
            + Workspace.DATA_WRITES + "') ORDER BY key")) {
      while (rs.next()) {
        Workspace.put(dst, rs.getString(1), rs.getString(2));
      }
    }
  }

  private static Map<String, ColumnType> ordered(Object... pairs) {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (ColumnType) pairs[i + 1]);
    }
    return m;
  }

  /**
   * Copies all data from {@code from} into {@code to} in one transaction on the target.
   *
   * @throws WorkspaceException when the target already holds data or the copy fails (the target is then unchanged)
   */
  public static Map<String, Long> copy(Workspace from, Workspace to, Progress progress) {
    return copy(from, to, false, progress);
  }

  /**
   * Replaces all data of {@code to} with that of {@code from}, in one transaction on the target
   * (used to write back an import staged in DuckDB into a PostgreSQL workspace).
   */
  public static Map<String, Long> replace(Workspace from, Workspace to, Progress progress) {
    return copy(from, to, true, progress);
  }

  private static Map<String, Long> copy(Workspace from, Workspace to, boolean replace, Progress progress) {
    Map<String, Map<String, ColumnType>> tables = tables();
    Map<String, Long> copied = new LinkedHashMap<>();
    Path dir;
    try {
      dir = Files.createTempDirectory("kompass-copy");
    } catch (IOException e) {
      throw new WorkspaceException("cannot create a temporary folder for the copy: " + e.getMessage(), e);
    }
    try (Connection src = from.connect();
        Connection dst = to.connect()) {
      for (String t : replace ? List.<String>of() : List.copyOf(tables.keySet())) {
        try (Statement s = dst.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          if (rs.getLong(1) > 0) {
            throw new WorkspaceException("workspace " + to.location() + " already holds data (table " + t + "); copy only into an empty workspace");
          }
        }
      }
      dst.setAutoCommit(false);
      try {
        if (replace) {
          try (Statement s = dst.createStatement()) {
            for (String t : tables.keySet()) {
              s.execute((to.isDuckDb() ? "DELETE FROM " : "TRUNCATE ") + t);
            }
          }
        }
        Workspace.markDataWritten(dst); // results kept for the target's data before the copy no longer hold
        if (!replace) {
          copySettings(src, dst);
        }
        int i = 0;
        for (Map.Entry<String, Map<String, ColumnType>> e : tables.entrySet()) {
          progress.update("copying " + e.getKey(), i++, tables.size());
          Path csv = dir.resolve(e.getKey() + ".csv");
          export(from, src, e.getKey(), e.getValue(), csv);
          copied.put(e.getKey(), load(to, dst, e.getKey(), e.getValue(), csv));
          Files.deleteIfExists(csv);
        }
        dst.commit();
        progress.update("copied", tables.size(), tables.size());
      } catch (SQLException | IOException | RuntimeException ex) {
        dst.rollback();
        throw ex;
      } finally {
        dst.setAutoCommit(true);
      }
      if (to.dialect().name().equals("postgresql")) {
        try (Statement s = dst.createStatement()) {
          s.execute("ANALYZE");
        }
      }
      return copied;
    } catch (SQLException | IOException e) {
      throw new WorkspaceException("copying " + from.location() + " to " + to.location() + " failed: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // a leftover empty temp folder is harmless
      }
    }
  }

  private static void export(Workspace ws, Connection c, String table, Map<String, ColumnType> cols, Path csv) throws SQLException, IOException {
    String select = "SELECT " + cols.entrySet().stream()
        .map(e -> e.getValue() == ColumnType.BOOLEAN ? "CASE WHEN " + e.getKey() + " THEN 'true' WHEN NOT " + e.getKey() + " THEN 'false' END" : e.getKey())
        .collect(Collectors.joining(", ")) + " FROM " + table;
    if (ws.isDuckDb()) {
      try (PreparedStatement ps = c.prepareStatement("COPY (" + select + ") TO '" + csv.toString().replace("'", "''") + "' (FORMAT csv, HEADER false)")) {
        ps.execute();
      }
    } else {
      try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT WITH (FORMAT csv)", w);
      }
    }
  }

  private static long load(Workspace ws, Connection c, String table, Map<String, ColumnType> cols, Path csv) throws SQLException, IOException {
    String names = String.join(", ", cols.keySet());
    if (ws.isDuckDb()) {
      List<String> types = new ArrayList<>();
      cols.forEach((name, type) -> types.add("'" + name + "': '" + (type == ColumnType.INTEGER ? "BIGINT" : type.sqlType()) + "'"));
      try (Statement s = c.createStatement()) {
        return s.executeUpdate("INSERT INTO " + table + " (" + names + ") SELECT * FROM read_csv('" + csv.toString().replace("'", "''")
            + "', header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, columns = {" + String.join(", ", types) + "})");
      }
    }
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + names + ") FROM STDIN WITH (FORMAT csv)", r);
    }
  }
}

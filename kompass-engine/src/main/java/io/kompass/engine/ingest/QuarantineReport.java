package io.kompass.engine.ingest;

import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What is in quarantine: rows that were not loaded, grouped by file and kind of problem. */
public final class QuarantineReport {

  /** One kind of problem in one file, with a few example rows. */
  public record Group(String table, String file, String field, String problem, long rows, List<Example> examples) {
    public Group {
      examples = List.copyOf(examples);
    }
  }

  /**
   * A quarantined row: its line in the file of the import that refused it (files of several imports may share a name,
   * e.g. each month's deals.csv).
   */
  public record Example(long line, long importId, String recordId, String problems, String raw) {

    /** Whether a version of this record loaded earlier stays in the workspace and counts in KPIs meanwhile. */
    public boolean earlierVersionCounts() {
      return problems != null && problems.contains(TableLoader.KEPT);
    }
  }

  private QuarantineReport() {}

  /** Groups by table, file, field and the reason with its quoted values blanked out. */
  public static List<Group> groups(Workspace workspace, int examplesPerGroup) {
    try (Connection c = workspace.connect()) {
      return groups(c, examplesPerGroup, null);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the quarantine of " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  /** The groups of one import ({@code importId}), or of the whole quarantine ({@code null}). */
  static List<Group> groups(Connection c, int examplesPerGroup, Long importId) throws SQLException {
    String kind = "regexp_replace(reason, '''[^'']*''', '''…''', 'g')";
    String sql =
        "SELECT table_name, file, field, problem, n, line, record_id, problems, raw, import_id FROM ("
            + "SELECT table_name, file, coalesce(field, '(row)') AS field, " + kind + " AS problem,"
            + " count(*) OVER (PARTITION BY table_name, file, field, " + kind + ") AS n,"
            + " line, record_id, problems, raw, import_id, row_number() OVER (PARTITION BY table_name, file, field, " + kind
            + " ORDER BY line) AS k FROM quarantine" + (importId == null ? "" : " WHERE import_id = " + importId)
            + ") q WHERE k <= ? ORDER BY table_name, file, n DESC, problem, line";
    Map<List<String>, Group> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, examplesPerGroup);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> key = List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
          Group g = out.get(key);
          List<Example> examples = g == null ? new ArrayList<>() : new ArrayList<>(g.examples());
          examples.add(new Example(rs.getLong(6), rs.getLong(10), rs.getString(7), rs.getString(8), rs.getString(9)));
          out.put(key, new Group(key.get(0), key.get(1), key.get(2), key.get(3), rs.getLong(5), examples));
        }
      }
    }
    return List.copyOf(out.values());
  }

  /** Total quarantined rows. */
  public static long count(Workspace workspace) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM quarantine");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the quarantine of " + workspace.location() + ": " + e.getMessage(), e);
    }
  }
}

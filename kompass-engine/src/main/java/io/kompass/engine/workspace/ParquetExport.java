package io.kompass.engine.workspace;

import io.kompass.engine.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every data table of a workspace as {@code <table>.parquet} into a folder: the data lake a
 * Spark cluster reads. PostgreSQL workspaces are copied into a scratch DuckDB first, whose Parquet
 * writer does the work.
 */
public final class ParquetExport {

  private ParquetExport() {}

  /** Exports all tables; returns the rows written per table. */
  public static Map<String, Long> export(Workspace workspace, Path folder, Progress progress) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new WorkspaceException("cannot create folder " + folder + ": " + e.getMessage(), e);
    }
    if (!workspace.isDuckDb()) {
      try (Workspace scratch = Workspace.openInMemory("export-" + System.nanoTime(), workspace.settings())) {
        WorkspaceCopy.copy(workspace, scratch, progress);
        return export(scratch, folder, progress);
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    List<String> tables = new ArrayList<>(WorkspaceCopy.tables().keySet());
    tables.add("workspace_settings");
    try (Connection c = workspace.connect();
        Statement s = c.createStatement()) {
      int i = 0;
      for (String t : tables) {
        progress.update("exporting " + t, i++, tables.size());
        Path file = folder.resolve(t + ".parquet");
        Files.deleteIfExists(file);
        s.execute("COPY " + t + " TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        try (var rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
      progress.update("exported", tables.size(), tables.size());
    } catch (SQLException | IOException e) {
      throw new WorkspaceException("exporting " + workspace.location() + " to " + folder + " failed: " + e.getMessage(), e);
    }
    return out;
  }
}

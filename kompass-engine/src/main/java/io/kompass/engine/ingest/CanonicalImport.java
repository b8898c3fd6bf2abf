package io.kompass.engine.ingest;

import static io.kompass.engine.ingest.TableLoader.exec;
import static io.kompass.engine.ingest.TableLoader.scalar;

import io.kompass.engine.Progress;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Imports canonical CSV files ({@code deals.csv}, {@code reps.csv}, ...) into a workspace as one
 * transaction. See {@code docs/import.md} for the format.
 */
public final class CanonicalImport {

  private final Workspace workspace;
  private final ImportOptions options;
  private final Progress progress;

  public CanonicalImport(Workspace workspace, ImportOptions options, Progress progress) {
    this.workspace = workspace;
    this.options = options;
    this.progress = progress;
  }

  /** A file and the table it loads into. */
  record Planned(Path path, Table table) {}

  /**
   * Imports files; folders are searched (not recursively) for files named after canonical tables.
   *
   * @throws ImportFailedException when the batch cannot be committed; nothing is saved then
   */
  public ImportReport run(List<Path> paths) {
    List<Planned> plan = plan(paths);
    try (Connection c = workspace.connect()) {
      String interrupted = closeInterruptedRuns(c);
      long importId = scalar(c, "SELECT coalesce(max(id), 0) + 1 FROM import_runs");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO import_runs (id, started_at, status, files) VALUES (?, ?, 'running', ?)")) {
        ps.setLong(1, importId);
        ps.setObject(2, LocalDateTime.now(workspace.settings().timeZone()));
        ps.setString(3, plan.stream().map(p -> p.path().toString()).collect(Collectors.joining("\n")));
        ps.executeUpdate();
      }
      try {
        List<FileReport> reports = runInTransaction(c, importId, plan);
        return new ImportReport(importId, reports, interrupted);
      } catch (SQLException | RuntimeException e) {
        String why = e instanceof ImportFailedException ? e.getMessage() : "the database refused the batch: " + e.getMessage();
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE import_runs SET status = 'failed', finished_at = ?, message = ? WHERE id = ?")) {
          ps.setObject(1, LocalDateTime.now(workspace.settings().timeZone()));
          ps.setString(2, why);
          ps.setLong(3, importId);
          ps.executeUpdate();
        }
        throw new ImportFailedException(
            "import #" + importId + " failed and nothing from it was saved: " + why
                + (e instanceof ImportFailedException ? "" : ". Fix the cause and run the same import again."),
            e);
      }
    } catch (SQLException e) {
      throw new ImportFailedException("cannot import into " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  private List<FileReport> runInTransaction(Connection c, long importId, List<Planned> plan) throws SQLException {
    c.setAutoCommit(false);
    boolean committed = false;
    try {
      long totalBytes = plan.stream().mapToLong(p -> size(p.path())).sum();
      long doneBytes = 0;
      exec(c, "CREATE TEMP TABLE kompass_batch_deals (id VARCHAR)");
      List<FileReport> reports = new ArrayList<>();
      int seq = 0;
      boolean ratesChanged = false;
      for (Planned p : plan) {
        seq++;
        CsvFile file = CsvFile.open(p.path(), p.table());
        String label = file.displayName();
        progress.update(label + ": checking", doneBytes, totalBytes);
        TableLoader loader = new TableLoader(p.table(), file, workspace.settings(), options.sourceSystem(), seq);
        TableLoader.Checked checked = loader.check(c);
        progress.update(label + ": loading", doneBytes, totalBytes);
        if (p.table().name().equals("deals")) {
          loader.recordObservedStageChanges(c, options.observedAt());
        }
        if (p.table().name().equals("deal_stage_history")) {
          loader.replaceHistoryOfNamedDeals(c);
        }
        TableLoader.Merged merged = loader.merge(c);
        if (p.table().name().equals("deals")) {
          loader.collectDealIds(c, "kompass_batch_deals");
        }
        ratesChanged |= p.table().name().equals("currency_rates") && merged.added() + merged.updated() > 0;
        long released = loader.quarantine(c, importId, checked.rejectedLines());
        loader.dropTemporaryTables(c);
        reports.add(
            new FileReport(
                p.path().toString(),
                p.table().name(),
                checked.read(),
                checked.valid(),
                merged.added(),
                merged.updated(),
                merged.unchanged(),
                checked.read() - checked.valid(),
                released,
                file.ignoredColumns()));
        doneBytes += size(p.path());
        progress.update(label + ": done", doneBytes, totalBytes);
      }
      progress.update("stage history", doneBytes, totalBytes);
      inferMissingHistory(c);
      if (ratesChanged) {
        rebuildDailyRates(c);
      }
      exec(c, "DROP TABLE kompass_batch_deals");
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE import_runs SET status = 'done', finished_at = ?, rows_read = ?, rows_loaded = ?, rows_quarantined = ? WHERE id = ?")) {
        ps.setObject(1, LocalDateTime.now(workspace.settings().timeZone()));
        ps.setLong(2, reports.stream().mapToLong(FileReport::read).sum());
        ps.setLong(3, reports.stream().mapToLong(FileReport::loaded).sum());
        ps.setLong(4, reports.stream().mapToLong(FileReport::quarantined).sum());
        ps.setLong(5, importId);
        ps.executeUpdate();
      }
      c.commit();
      committed = true;
      return reports;
    } finally {
      if (!committed) {
        c.rollback();
      }
      c.setAutoCommit(true);
    }
  }

  /**
   * Gives every deal of the batch that has no recorded history one built from its dates, so that
   * the pipeline on past dates counts it: open (in its current stage, or "(open)" when it is
   * closed) from creation, then its closing stage from closed_at. Such rows are marked inferred and
   * are rebuilt whenever the deal changes, until real history arrives.
   */
  private static void inferMissingHistory(Connection c) throws SQLException {
    exec(c, "CREATE TEMP TABLE kompass_reinfer AS SELECT DISTINCT b.id FROM kompass_batch_deals b"
        + " WHERE NOT EXISTS (SELECT 1 FROM deal_stage_history h WHERE h.deal_id = b.id AND NOT h.inferred)");
    exec(c, "DELETE FROM deal_stage_history WHERE inferred AND deal_id IN (SELECT id FROM kompass_reinfer)");
    exec(c, "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred)"
        + " SELECT d.id, d.source_system, CASE WHEN d.status = 'open' THEN d.stage ELSE '(open)' END, 'open', d.created_at, true"
        + " FROM deals d JOIN kompass_reinfer r ON r.id = d.id");
    exec(c, "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred)"
        + " SELECT d.id, d.source_system, d.stage, d.status, d.closed_at, true"
        + " FROM deals d JOIN kompass_reinfer r ON r.id = d.id WHERE d.status <> 'open'");
    exec(c, "DROP TABLE kompass_reinfer");
  }

  /** Fills the rate in force on every day from each currency's first rate to a year past today. */
  public static void rebuildDailyRates(Connection c) throws SQLException {
    exec(c, "DELETE FROM currency_rates_daily");
    exec(c, "INSERT INTO currency_rates_daily (rate_date, currency, rate)"
        + " SELECT CAST(d.day AS DATE), r.currency, r.rate FROM ("
        + "   SELECT currency, rate, rate_date,"
        + "     coalesce(lead(rate_date) OVER (PARTITION BY currency ORDER BY rate_date),"
        + "              greatest(max(rate_date) OVER (), current_date) + INTERVAL 366 DAY) AS next_date"
        + "   FROM currency_rates) r,"
        + " LATERAL (SELECT unnest(generate_series(CAST(r.rate_date AS TIMESTAMP), CAST(r.next_date AS TIMESTAMP) - INTERVAL 1 DAY, INTERVAL 1 DAY)) AS day) d");
  }

  /** Marks runs left 'running' by a killed process; their transaction was rolled back. */
  private static String closeInterruptedRuns(Connection c) throws SQLException {
    List<String> notes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, started_at, files FROM import_runs WHERE status = 'running' ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        notes.add("import #" + rs.getLong(1) + " (started " + rs.getString(2) + ", files: " + rs.getString(3).replace("\n", ", ")
            + ") was interrupted before it finished; nothing from it was saved, so run it again if you still need it");
      }
    }
    if (notes.isEmpty()) {
      return null;
    }
    exec(c, "UPDATE import_runs SET status = 'interrupted', message = 'the process ended before the import committed; nothing was saved' WHERE status = 'running'");
    return String.join("\n", notes);
  }

  /** Resolves folders and files to the tables they load, in the canonical import order. */
  static List<Planned> plan(List<Path> paths) {
    List<Planned> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> inFolder;
        try (Stream<Path> s = Files.list(p)) {
          inFolder = s.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
          throw new ImportFailedException("cannot list folder " + p + ": " + e.getMessage(), e);
        }
        for (Path f : inFolder) {
          Table t = tableFor(f);
          if (t != null) {
            out.add(new Planned(f, t));
          }
        }
        if (inFolder.stream().noneMatch(f -> tableFor(f) != null)) {
          throw new ImportFailedException(
              "folder " + p + " has no canonical CSV files; name them after their table: " + canonicalNames());
        }
      } else if (Files.isRegularFile(p)) {
        Table t = tableFor(p);
        if (t == null) {
          throw new ImportFailedException(
              p + ": cannot tell which table this file is for; name it after its table (" + canonicalNames()
                  + "), optionally with a suffix such as deals_2025.csv");
        }
        out.add(new Planned(p, t));
      } else {
        throw new ImportFailedException(p + ": no such file or folder");
      }
    }
    List<Table> order = CanonicalModel.tables();
    out.sort(Comparator.comparingInt((Planned pl) -> order.indexOf(pl.table())).thenComparing(pl -> pl.path().toString()));
    return out;
  }

  /** The table whose name the file name starts with (followed by ., _ or -), longest name first. */
  static Table tableFor(Path file) {
    String name = file.getFileName().toString().toLowerCase();
    if (!name.endsWith(".csv")) {
      return null;
    }
    String base = name.substring(0, name.length() - 4);
    Table best = null;
    for (Table t : CanonicalModel.tables()) {
      String n = t.name();
      boolean matches = base.equals(n) || base.startsWith(n + "_") || base.startsWith(n + "-") || base.startsWith(n + ".");
      if (matches && (best == null || n.length() > best.name().length())) {
        best = t;
      }
    }
    return best;
  }

  private static String canonicalNames() {
    return CanonicalModel.tables().stream().map(Table::csvFileName).collect(Collectors.joining(", "));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}

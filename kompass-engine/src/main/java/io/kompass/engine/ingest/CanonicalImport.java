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
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Imports a batch of files into a workspace as one transaction: canonical CSV files
 * ({@code deals.csv}, {@code reps.csv}, ...), CRM exports recognised by their header, and files
 * described by a mapping file. See {@code docs/import.md} and {@code docs/connectors.md}.
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

  /**
   * A file of the batch before it is read: a canonical file for one table, or files that a preset
   * or a mapping file maps.
   */
  record Planned(Path path, Table table, Mapping mapping, Map<String, Path> files) {
    Planned(Path path, Table table) {
      this(path, table, null, Map.of());
    }
  }

  /**
   * Imports files; folders are searched (not recursively) for canonical files and recognised
   * exports. With a mapping file, the files it names are loaded through it.
   *
   * @throws ImportFailedException when the batch cannot be committed; nothing is saved then
   */
  public ImportReport run(List<Path> paths) {
    if (!workspace.isDuckDb()) {
      return PostgresImport.run(workspace, options, progress, paths);
    }
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("kompass-import");
      return run(paths, scratch);
    } catch (IOException e) {
      throw new ImportFailedException("cannot create a temporary folder: " + e.getMessage(), e);
    } finally {
      deleteQuietly(scratch);
    }
  }

  private ImportReport run(List<Path> paths, Path scratch) {
    List<String> warnings = new ArrayList<>();
    long t0 = System.nanoTime();
    List<Planned> plan = options.mapping() != null ? planMapping(options.mapping(), paths, warnings) : plan(paths, warnings);
    TableLoader.time(t0, "plan");
    try (Connection c = workspace.connect()) {
      String interrupted = closeInterruptedRuns(c);
      long importId = scalar(c, "SELECT coalesce(max(id), 0) + 1 FROM import_runs");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO import_runs (id, started_at, status, files) VALUES (?, ?, 'running', ?)")) {
        ps.setLong(1, importId);
        ps.setObject(2, LocalDateTime.now(workspace.settings().timeZone()));
        ps.setString(3, plan.stream().flatMap(p -> p.mapping() == null ? Stream.of(p.path()) : p.files().values().stream())
            .map(f -> f.toAbsolutePath().normalize()).distinct().map(Path::toString).collect(Collectors.joining("\n")));
        ps.executeUpdate();
      }
      try {
        Batch batch = new Batch(importId, warnings, scratch);
        List<FileReport> reports = runInTransaction(c, batch, plan);
        if (options.dryRun()) {
          exec(c, "DELETE FROM import_runs WHERE id = " + importId);
        }
        return new ImportReport(importId, reports, interrupted, warnings, options.dryRun(), batch.previews, batch.problems, batch.anomalies);
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
            e, true);
      }
    } catch (SQLException e) {
      throw new ImportFailedException("cannot import into " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  /** State of one batch while it runs. */
  private static final class Batch {
    final long importId;
    final List<String> warnings;
    final Path scratch;
    final List<ImportReport.Preview> previews = new ArrayList<>();
    /** Lookups of mapping files, to say how many rows found nothing (see Sources.LookupCheck). */
    final List<Sources.LookupCheck> lookups = new ArrayList<>();
    /** Source systems of the exports and mapped files of the batch, whose stages --stage sets. */
    final Set<String> stageSources = new java.util.LinkedHashSet<>();
    /** Stages of --stage that no deal has: most likely misspelt, so not remembered. */
    final Set<String> unknownStages = new HashSet<>();
    List<QuarantineReport.Group> problems = List.of();
    List<Quality.Finding> anomalies = List.of();
    int seq;

    Batch(long importId, List<String> warnings, Path scratch) {
      this.importId = importId;
      this.warnings = warnings;
      this.scratch = scratch;
    }
  }

  /** Rows shown per file by a dry run. */
  static final int PREVIEW_ROWS = 10;

  private List<FileReport> runInTransaction(Connection c, Batch batch, List<Planned> plan) throws SQLException {
    c.setAutoCommit(false);
    boolean committed = false;
    List<InputFile> inputs = new ArrayList<>();
    try (StatementWatch watch = new StatementWatch(c, progress)) {
      long totalBytes = plan.stream().mapToLong(p -> p.mapping() == null ? size(p.path())
          : p.files().values().stream().mapToLong(CanonicalImport::size).sum()).sum();
      long doneBytes = 0;
      List<Source> sources = sources(c, plan, batch, inputs);
      for (InputFile f : inputs) {
        if (f.materialised()) {
          progress.update(f.label + ": reading", doneBytes, totalBytes);
          exec(c, f.materialiseSql());
        }
        if (f.hasNames()) {
          progress.update(f.label + ": reading names", doneBytes, totalBytes);
          exec(c, f.namesSql());
        }
      }
      for (Sources.LookupCheck l : batch.lookups) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(l.sql())) {
          if (rs.next() && rs.getLong(1) > 0) {
            batch.warnings.add(l.message(rs.getLong(1), rs.getString(2)));
          }
        }
      }
      exec(c, "CREATE TEMP TABLE kompass_batch_deals (id VARCHAR, source_system VARCHAR, pipeline VARCHAR, stage VARCHAR, status VARCHAR,"
          + " created_at TIMESTAMP, closed_at TIMESTAMP)");
      int dealSources = 0;
      exec(c, "CREATE TEMP TABLE kompass_history_deals (id VARCHAR)");
      // Every deal the deal files hold, loaded or not, to tell which stored deals a full export no longer has (none
      // when no deal was stored before).
      boolean dealsStored = scalar(c, "SELECT count(*) FROM (SELECT 1 FROM deals LIMIT 1)") > 0;
      if (dealsStored) {
        exec(c, "CREATE TEMP TABLE kompass_seen_deals (id VARCHAR, source_system VARCHAR)");
      }
      Map<Source, FileReport> reported = new java.util.IdentityHashMap<>();
      Map<Source, ImportReport.Preview> previewed = new java.util.IdentityHashMap<>();
      Set<String> loadedIds = new HashSet<>();
      boolean ratesChanged = false;
      for (Source s : laterFilesFirst(sources)) {
        String label = s.label();
        // The last load of a file is its main one (the rows the file is about; names and referenced rows come first).
        long fileBytes = isLastOfFile(s, sources) && s.path() != null ? size(s.path()) : 0;
        watch.phase(label + ": checking", doneBytes, fileBytes * 6 / 10, totalBytes);
        String shifts = inputs.stream().filter(f -> f.path.equals(s.path())).findFirst().map(InputFile::lineShifts).orElse(null);
        TableLoader loader = new TableLoader(s, workspace.settings(), ++batch.seq, shifts);
        // The ids that later files of this import loaded into the same table (they were loaded first): their version stays.
        String ids = byIdOfAFile(s) ? "kompass_loaded_" + s.table().name() : null;
        if (ids != null && loadedIds.contains(ids)) {
          loader.supersededBy(ids);
        }
        // Names that already have their row are read, but not written again (see Source#known).
        long known = s.known() == null ? 0 : scalar(c, s.known());
        TableLoader.Checked checked;
        try {
          checked = loader.check(c);
        } catch (SQLException e) {
          ImportFailedException named = unknownColumn(s, e);
          if (named != null) {
            throw named;
          }
          String message = String.valueOf(e.getMessage());
          if (s.kind() != null && (message.startsWith("Binder Error") || message.startsWith("Conversion Error"))) {
            // A mapping's expression that does not fit the values: say which file and load, and how columns arrive.
            String first = message.lines().findFirst().orElse(message).replaceAll("\\.+$", "");
            throw new ImportFailedException(label + " (" + s.kind() + "): an expression of its " + s.table().name() + " load cannot run: "
                + first + ". Columns reach expressions as text: convert one first, e.g. TRY_CAST({Amount} AS DOUBLE), or"
                + " TRY_CAST(replace(replace({Värde}, ' ', ''), ',', '.') AS DOUBLE) for a decimal comma", e);
          }
          throw e;
        }
        if (checked.read() == 0 && checked.skipped() > 0 && s.where() != null && s.kind() != null) {
          batch.warnings.add(label + ": the load's filter (where) left out every row of the file; if that is not meant, note that an"
              + " empty cell is NULL, which no comparison holds for: write e.g. coalesce(Status, '') <> 'Deleted'");
        }
        watch.phase(label + ": loading", doneBytes + fileBytes * 6 / 10, fileBytes - fileBytes * 6 / 10, totalBytes);
        if (options.dryRun()) {
          previewed.put(s, new ImportReport.Preview(label, s.kind(), s.table().name(), describe(s),
              s.table().columns().stream().map(io.kompass.engine.model.Column::name).toList(), loader.preview(c, PREVIEW_ROWS)));
        }
        String table = s.table().name();
        if (table.equals("deals")) {
          String reopened = loader.reopenedDeals(c);
          if (reopened != null) {
            batch.warnings.add(label + ": " + reopened);
          }
          long stale = loader.recordObservedStageChanges(c, options.observedAt());
          if (stale > 0) {
            batch.warnings.add(label + ": " + stale + (stale == 1 ? " deal is" : " deals are") + " in another stage than at a change already"
                + " recorded after " + options.observedAt().toString().replace('T', ' ') + " (the time of this export); is the export older"
                + " than one imported before? The stages are dated after those changes, and the deals now have the stages of this file");
          }
        }
        if (table.equals("deal_stage_history")) {
          loader.replaceHistoryOfNamedDeals(c);
        }
        TableLoader.Merged merged = loader.merge(c);
        String removals = null;
        if (s.removals() != null) {
          // Rows the export marks as removed (a deal deleted in Pipedrive) leave the workspace, with their stage history;
          // not those a later file of this import (loaded first) has as they are now.
          boolean later = ids != null && loadedIds.contains(ids);
          removals = "SELECT r.x FROM (" + s.removals() + ") r(x)" + (later ? " WHERE r.x NOT IN (SELECT id FROM " + ids + ")" : "");
          if (table.equals("deals")) {
            exec(c, "DELETE FROM deal_stage_history WHERE deal_id IN (" + removals + ")");
          }
          long removed = TableLoader.update(c, "DELETE FROM " + table + " WHERE id IN (" + removals + ")");
          if (removed > 0) {
            batch.warnings.add(label + ": " + removed + " stored " + (removed == 1 ? "row" : "rows") + " of " + table
                + (options.dryRun() ? " would be" : "") + " removed, as the file marks " + (removed == 1 ? "it" : "them") + " deleted");
          }
        }
        long badSuperseded = loader.badButSuperseded(c);
        if (dealsStored && table.equals("deals") && !FileReport.named(s.kind())) {
          loader.collectEveryId(c, "kompass_seen_deals");
        }
        if (table.equals("deals")) {
          // Unchanged deals keep the history they have.
          loader.collectWritten(c, "v.id, v.source_system, v.pipeline, v.stage, v.status, v.created_at, v.closed_at", "kompass_batch_deals");
          dealSources++;
        }
        if (table.equals("deal_stage_history")) {
          loader.collect(c, "deal_id", "kompass_history_deals");
        }
        ratesChanged |= table.equals("currency_rates") && merged.added() + merged.updated() > 0;
        long released = loader.quarantine(c, batch.importId);
        if (ids != null) {
          if (loadedIds.add(ids)) {
            exec(c, "CREATE TEMP TABLE " + ids + " (id VARCHAR)");
          }
          loader.collect(c, "v.id", ids);
          if (removals != null) {
            // Removed here, so an earlier file's version of the row does not come back.
            exec(c, "INSERT INTO " + ids + " " + removals);
          }
        }
        loader.dropTemporaryTables(c);
        reported.put(s,
            new FileReport(
                s.path() == null ? label : s.path().toString(),
                table,
                checked.read() + known,
                checked.valid() + known + badSuperseded,
                merged.added(),
                merged.updated(),
                merged.unchanged() + known,
                checked.read() - checked.valid() - badSuperseded,
                released,
                s.ignoredColumns(),
                s.kind(),
                checked.skipped(),
                merged.superseded() + badSuperseded));
        if (isLastOfFile(s, sources)) {
          doneBytes += s.path() == null ? 0 : size(s.path());
        }
        progress.update(label + ": done", doneBytes, totalBytes);
      }
      for (String ids : loadedIds) {
        exec(c, "DROP TABLE " + ids);
      }
      // A stage given with --stage that no deal has is most likely misspelt: it changed nothing.
      for (String stage : options.stages().keySet()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM deals WHERE lower(trim(stage)) = lower(trim(?))")) {
          ps.setString(1, stage);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getLong(1) == 0) {
              batch.unknownStages.add(stage);
              batch.warnings.add("--stage '" + stage + "': no deal has that stage, so it changed nothing; check its spelling against"
                  + " the stages of the export");
            }
          }
        }
      }
      // Reported in the order the files were given, whatever order they were loaded in.
      List<FileReport> reports = sources.stream().map(reported::get).toList();
      // In the order of the reports (files of a table are loaded last file first): a preview is printed beside its report.
      sources.stream().map(previewed::get).filter(java.util.Objects::nonNull).forEach(batch.previews::add);
      for (InputFile f : inputs) {
        exec(c, "DROP TABLE IF EXISTS " + f.namesTable());
        if (f.materialised()) {
          exec(c, "DROP TABLE IF EXISTS " + f.table());
          exec(c, "DROP TABLE IF EXISTS " + f.rejects());
          exec(c, "DROP TABLE IF EXISTS " + f.rejects() + "scan");
        }
      }
      if (dealsStored) {
        removeDealsMissingFromFullExports(c, batch);
      }
      linkConvertedLeads(c);
      progress.update("stage history", doneBytes, totalBytes);
      inferMissingHistory(c, dealSources == 1);
      closeRecordedHistory(c, options.observedAt());
      // Inferred rows are written with their exit times; deals with recorded history (from a file, or a
      // stage change seen in this import) get theirs recomputed.
      refreshStageExits(c, "SELECT id FROM kompass_history_deals UNION SELECT b.id FROM kompass_batch_deals b"
          + " WHERE EXISTS (SELECT 1 FROM deal_stage_history h WHERE h.deal_id = b.id AND NOT h.inferred)");
      exec(c, "DROP TABLE kompass_history_deals");
      if (ratesChanged) {
        rebuildDailyRates(c);
      }
      exec(c, "DROP TABLE kompass_batch_deals");
      rememberStages(c, batch);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE import_runs SET status = 'done', finished_at = ?, rows_read = ?, rows_loaded = ?, rows_quarantined = ? WHERE id = ?")) {
        ps.setObject(1, LocalDateTime.now(workspace.settings().timeZone()));
        ps.setLong(2, reports.stream().mapToLong(FileReport::read).sum());
        ps.setLong(3, reports.stream().mapToLong(FileReport::loaded).sum());
        ps.setLong(4, reports.stream().mapToLong(FileReport::quarantined).sum());
        ps.setLong(5, batch.importId);
        ps.executeUpdate();
      }
      if (options.dryRun()) {
        batch.problems = QuarantineReport.groups(c, 3, batch.importId);
        // Rows that would load: findings about quarantined rows (a duplicate id) are among the problems already.
        batch.anomalies = Quality.findings(c, 3, LocalDateTime.now(workspace.settings().timeZone())).stream()
            .filter(f -> !f.table().equals("(any)")).toList();
        c.rollback();
      } else {
        c.commit();
      }
      committed = true;
      return reports;
    } finally {
      if (!committed) {
        c.rollback();
      }
      c.setAutoCommit(true);
    }
  }

  private static boolean isLastOfFile(Source s, List<Source> all) {
    int at = all.indexOf(s);
    return all.subList(at + 1, all.size()).stream().noneMatch(o -> java.util.Objects.equals(o.path(), s.path()));
  }

  /** For a dry run: how each canonical column is computed, one line per mapped column. */
  private static List<String> describe(Source s) {
    List<String> out = new ArrayList<>();
    for (io.kompass.engine.model.Column col : s.table().columns()) {
      String raw = s.raw().get(col.name());
      if (raw != null) {
        out.add(col.name() + " <- " + raw.replace("src.", "").replaceAll("NULLIF\\(trim\\((\"[^\"]*\")\\), ''\\)", "$1"));
      }
    }
    if (s.where() != null) {
      out.add("(rows where " + s.where().replace("src.", "") + ")");
    }
    return out;
  }

  /** The --stage value that takes a stage back to the CRM's default meaning, forgetting what an earlier import said. */
  public static final String DEFAULT_STAGE = "default";

  /**
   * What stages mean for the files of one source system: what earlier imports said with --stage,
   * then what this import says (which wins). The ones remembered and not given again are named in
   * a note, so that nobody wonders why a stage is won.
   */
  private Map<String, String> stages(Connection c, String source, Batch batch) throws SQLException {
    Map<String, String> given = new LinkedHashMap<>();
    options.stages().forEach((k, v) -> given.put(k.strip().toLowerCase(Locale.ROOT), v.strip().toLowerCase(Locale.ROOT)));
    Map<String, String> out = new LinkedHashMap<>();
    List<String> remembered = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT stage, status, import_id FROM stage_overrides WHERE source_system = ? ORDER BY stage")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
          if (!given.containsKey(rs.getString(1))) {
            remembered.add("'" + rs.getString(1) + "' = " + rs.getString(2) + " (import #" + rs.getLong(3) + ")");
          }
        }
      }
    }
    out.putAll(given);
    out.values().removeIf(DEFAULT_STAGE::equals);
    if (!remembered.isEmpty() && batch.stageSources.add(source)) {
      batch.warnings.add(source + ": stages read as earlier imports set them with --stage: " + String.join(", ", remembered)
          + "; give --stage \"<stage>=" + DEFAULT_STAGE + "\" to go back to the CRM's meaning");
    }
    batch.stageSources.add(source);
    return out;
  }

  /**
   * Remembers this import's --stage values for the source systems of its exports (see {@link #stages}),
   * but not a stage that no deal has.
   */
  private void rememberStages(Connection c, Batch batch) throws SQLException {
    for (String source : batch.stageSources) {
      for (Map.Entry<String, String> e : options.stages().entrySet()) {
        if (batch.unknownStages.contains(e.getKey()) && !DEFAULT_STAGE.equalsIgnoreCase(e.getValue().strip())) {
          continue;
        }
        String stage = e.getKey().strip().toLowerCase(Locale.ROOT);
        String status = e.getValue().strip().toLowerCase(Locale.ROOT);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM stage_overrides WHERE source_system = ? AND stage = ?")) {
          ps.setString(1, source);
          ps.setString(2, stage);
          ps.executeUpdate();
        }
        if (!status.equals(DEFAULT_STAGE)) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_overrides (source_system, stage, status, import_id) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, stage);
            ps.setString(3, status);
            ps.setLong(4, batch.importId);
            ps.executeUpdate();
          }
        }
      }
    }
  }

  /** Reads the files of the plan and turns them into sources, in the canonical import order. */
  private List<Source> sources(Connection c, List<Planned> plan, Batch batch, List<InputFile> inputs) throws SQLException {
    record Ordered(Source source, int order, boolean auxiliary) {}
    List<Ordered> out = new ArrayList<>();
    int[] seq = {0};
    int order = 0;
    for (Planned p : plan) {
      if (p.mapping() == null) {
        CsvFile file = CsvFile.open(p.path(), p.table());
        InputFile input = InputFile.open(p.path(), batch.scratch, inputs.size() + 1);
        inputs.add(input);
        out.add(new Ordered(Sources.canonical(file, p.table(), input, options.sourceSystem(), ++seq[0]), order++, false));
        continue;
      }
      Mapping m = p.mapping();
      Map<String, InputFile> files = new LinkedHashMap<>();
      for (Map.Entry<String, Path> f : p.files().entrySet()) {
        InputFile input = InputFile.open(f.getValue(), batch.scratch, inputs.size() + 1);
        inputs.add(input);
        files.put(f.getKey(), input);
      }
      List<Mapping.Load> loads = new ArrayList<>();
      for (Mapping.Load load : m.loads()) {
        InputFile main = files.get(load.file() == null ? files.keySet().iterator().next() : load.file());
        // Only a preset's: a mapping file's condition on a misspelt column must not be dropped without a word.
        loads.add(main == null || m.origin() != null ? load : Sources.withoutAbsentConditions(load, main.header));
      }
      m = new Mapping(m.id(), m.name(), m.sourceSystem(), m.idPrefix(), m.dates(), m.decimal(), m.files(), m.match(), m.stages(), loads, m.origin());
      for (Mapping.Load load : m.loads()) {
        InputFile main = files.get(load.file() == null ? files.keySet().iterator().next() : load.file());
        if (load.unpivot() != null && !hasColumnsLike(main, load.unpivot().pattern())) {
          continue;
        }
        main.addRead();
        if (load.where() != null || !load.joins().isEmpty() || load.distinct() || load.unpivot() != null) {
          main.materialise();
        }
      }
      String source = options.sourceGiven() ? options.sourceSystem() : m.sourceSystem();
      Map<InputFile, Formats> formats = new LinkedHashMap<>();
      for (InputFile f : files.values()) {
        formats.put(f, formats(c, m, f, files, batch.warnings));
      }
      Sources.Context ctx = new Sources.Context(source, options.dates(), options.decimal(), stages(c, source, batch), workspace.settings().currency(),
          batch.warnings, batch.lookups);
      for (Source s : Sources.mapped(m, files, formats, ctx, seq)) {
        boolean aux = FileReport.named(s.kind());
        out.add(new Ordered(s, order++, aux));
        if (s.statusColumn() != null && !options.stages().isEmpty() && s.table().name().equals("deals")) {
          batch.warnings.add(s.label() + ": each deal's status is read from its column '" + s.statusColumn() + "' (a deal won or lost keeps"
              + " its stage), so a status given with --stage is only used for deals without one");
        }
      }
    }
    List<Table> tables = CanonicalModel.tables();
    out.sort(Comparator.comparingInt((Ordered o) -> tables.indexOf(o.source().table()))
        .thenComparing(Ordered::auxiliary)
        .thenComparingInt(Ordered::order));
    return out.stream().map(Ordered::source).toList();
  }

  private static boolean hasColumnsLike(InputFile f, String pattern) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.CASE_INSENSITIVE);
    return f.header.stream().anyMatch(h -> p.matcher(h.strip()).matches());
  }

  /** The date order and decimal separator of a mapped file: as given, else guessed from a sample of its values. */
  private Formats formats(Connection c, Mapping m, InputFile f, Map<String, InputFile> files, List<String> warnings) throws SQLException {
    String dates = !options.dates().equals("auto") ? options.dates() : m.dates();
    String decimal = !options.decimal().equals("auto") ? options.decimal() : m.decimal();
    String key = files.entrySet().stream().filter(e -> e.getValue() == f).map(Map.Entry::getKey).findFirst().orElse("");
    List<String> dateCols = new ArrayList<>();
    List<String> numberCols = new ArrayList<>();
    for (Mapping.Load load : m.loads()) {
      String loadFile = load.file() == null ? files.keySet().iterator().next() : load.file();
      if (!loadFile.equals(key)) {
        continue;
      }
      Table t = CanonicalModel.table(load.table());
      load.columns().forEach((col, v) -> {
        if (v.join() != null || !v.formats().isEmpty()) {
          return;
        }
        io.kompass.engine.model.ColumnType type = col.equals("close_date") ? io.kompass.engine.model.ColumnType.TIMESTAMP
            : t.column(col).map(io.kompass.engine.model.Column::type).orElse(null);
        boolean date = type == io.kompass.engine.model.ColumnType.DATE || type == io.kompass.engine.model.ColumnType.TIMESTAMP;
        if (v.columns().isEmpty()) {
          // A date made by an expression (a due date and a due time joined) is written as its columns are.
          if (date && v.expr() != null) {
            dateCols.addAll(Sources.headersNamed(v.expr(), f.header));
          }
          return;
        }
        String h = Headers.find(f.header, v.columns());
        if (h == null) {
          return;
        }
        if (date) {
          dateCols.add(h);
        } else if (type == io.kompass.engine.model.ColumnType.MONEY || type == io.kompass.engine.model.ColumnType.NUMBER
            || type == io.kompass.engine.model.ColumnType.INTEGER) {
          numberCols.add(h);
        }
      });
      if (load.unpivot() != null) {
        java.util.regex.Pattern pat = java.util.regex.Pattern.compile(load.unpivot().pattern(), java.util.regex.Pattern.CASE_INSENSITIVE);
        f.header.stream().filter(h -> pat.matcher(h.strip()).matches()).forEach(dateCols::add);
      }
    }
    List<String> dateSamples = dates.equals("auto") || decimal.equals("auto") ? sample(c, f, dateCols) : List.of();
    if (dates.equals("auto")) {
      LocaleGuess.Guess g = LocaleGuess.dateOrder(f.label, dateSamples, m.origin() == null ? "mdy" : "dmy");
      dates = g.value();
      if (g.warning() != null) {
        warnings.add(g.warning());
      }
    }
    if (decimal.equals("auto")) {
      LocaleGuess.Guess g = LocaleGuess.decimal(f.label, sample(c, f, numberCols), LocaleGuess.dotted(dateSamples));
      decimal = g.value();
      if (g.warning() != null) {
        warnings.add(g.warning());
      }
    }
    return Formats.of(dates, decimal.equals("comma") ? ',' : '.');
  }

  /** Up to 5,000 non-empty values of the given columns from the start of the file. */
  private static List<String> sample(Connection c, InputFile f, List<String> columns) throws SQLException {
    List<String> out = new ArrayList<>();
    if (columns.isEmpty()) {
      return out;
    }
    String cols = columns.stream().distinct().map(Sql::ident).collect(Collectors.joining(", "));
    long t0 = System.nanoTime();
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + cols + " FROM (SELECT * FROM " + f.readCsv(null) + " WHERE _kompass_shape IS NULL LIMIT 5000) src")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          String v = rs.getString(i);
          if (v != null && !v.isBlank()) {
            out.add(v);
          }
        }
      }
    }
    TableLoader.time(t0, "sample " + f.label + ": " + cols);
    return out;
  }

  /**
   * The sources in the order they are loaded: as given, except that the files loading one table by id (monthly
   * exports of the same deals in one folder) are loaded last file first. A row whose id a later file also holds is
   * then left to that file's version when that version loaded (see {@link TableLoader#supersededBy}); when the
   * later row was quarantined, the earlier one loads, as a stored row would stay.
   */
  static List<Source> laterFilesFirst(List<Source> sources) {
    List<Source> out = new ArrayList<>(sources);
    for (int i = 0; i < out.size(); ) {
      int j = i;
      while (j < out.size() && byIdOfAFile(out.get(j)) && out.get(j).table().equals(out.get(i).table())) {
        j++;
      }
      if (j - i > 1) {
        java.util.Collections.reverse(out.subList(i, j));
      }
      i = Math.max(j, i + 1);
    }
    return out;
  }

  /** Whether a source loads the rows of a file into a table keyed by one id (not the reps or accounts named in it). */
  private static boolean byIdOfAFile(Source s) {
    return TableLoader.idOf(s) != null && s.known() == null && s.lines() != Source.Lines.NONE;
  }

  private static final java.util.regex.Pattern MISSING_COLUMN =
      java.util.regex.Pattern.compile("(?:does not have a column named|Referenced column) \"([^\"]+)\"");

  /**
   * For an error of a check: when an expression of the load (a mapping file's {@code expr}) names a
   * column its file does not have, a message that names the column and the canonical columns whose expressions use it;
   * else null, and the database's error stands.
   */
  private static ImportFailedException unknownColumn(Source s, SQLException e) {
    java.util.regex.Matcher m = MISSING_COLUMN.matcher(String.valueOf(e.getMessage()));
    if (!m.find()) {
      return null;
    }
    String column = m.group(1);
    java.util.regex.Pattern named = java.util.regex.Pattern.compile("(?<![\\w\"])" + java.util.regex.Pattern.quote(column) + "(?![\\w\"])"
        + "|\"" + java.util.regex.Pattern.quote(column) + "\"");
    List<String> keys = s.raw().entrySet().stream()
        .filter(r -> r.getValue() != null && named.matcher(r.getValue()).find())
        .map(r -> s.table().name() + "." + r.getKey()).sorted().toList();
    if (keys.isEmpty()) {
      return null;
    }
    return new ImportFailedException(s.label() + ": the expression of " + String.join(", ", keys) + " names a column '" + column
        + "' that the file does not have; check its spelling against the file's header", e);
  }

  /**
   * Gives every deal the batch added or changed that has no recorded history one built from its
   * dates, so that the pipeline on past dates counts it: open (in its current stage, or "(open)" when
   * it is closed) from creation, then its closing stage from closed_at. Such rows are marked inferred
   * and are rebuilt whenever the deal changes, until real history arrives.
   *
   * @param oneSource whether a single source of the batch wrote deals, so that each deal occurs once
   *     in {@code kompass_batch_deals} with the values stored; otherwise the values are read back
   *     from {@code deals}
   */
  private static void inferMissingHistory(Connection c, boolean oneSource) throws SQLException {
    // Deals whose history is recorded (from a file, or a stage change seen by an import) get none;
    // on a first import there are none of those, and the check is left out.
    boolean anyRecorded = scalar(c, "SELECT count(*) FROM (SELECT 1 FROM deal_stage_history WHERE NOT inferred LIMIT 1)") > 0;
    String deals = oneSource ? " FROM kompass_batch_deals d" : " FROM deals d";
    String which = (oneSource ? " WHERE true"
        // A semi join: a deal named by two files of the batch counts once, with the values stored last.
        : " WHERE d.id IN (SELECT id FROM kompass_batch_deals)")
        + (anyRecorded ? " AND NOT EXISTS (SELECT 1 FROM deal_stage_history h WHERE h.deal_id = d.id AND NOT h.inferred)" : "");
    if (scalar(c, "SELECT count(*) FROM (SELECT 1 FROM deal_stage_history WHERE inferred LIMIT 1)") > 0) {
      exec(c, "DELETE FROM deal_stage_history WHERE inferred AND deal_id IN (SELECT d.id" + deals + which + ")");
    }
    // One scan of the deals gives both rows of a closed deal, its open row (n = 1) and its closing
    // row (n = 2): about a third faster than two inserts, or one UNION ALL of them.
    exec(c, "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, left_at, pipeline)"
        + " SELECT d.id, d.source_system, CASE WHEN k.n = 1 AND d.status <> 'open' THEN '(open)' ELSE d.stage END,"
        + " CASE WHEN k.n = 1 THEN 'open' ELSE d.status END, CASE WHEN k.n = 1 THEN d.created_at ELSE d.closed_at END, true,"
        + " CASE WHEN k.n = 1 AND d.status <> 'open' THEN d.closed_at END, d.pipeline"
        + deals + " CROSS JOIN (VALUES (1), (2)) AS k(n)" + which + " AND (k.n = 1 OR d.status <> 'open')");
  }

  /**
   * Links stored deals that name no lead to the lead converted into them, for leads that record
   * their deal (converted_deal_id) and arrive after it. Deals imported later get the link while they
   * are checked, so re-importing them changes nothing.
   */
  private static void linkConvertedLeads(Connection c) throws SQLException {
    if (TableLoader.leadsNameTheirDeals(c)) {
      exec(c, "UPDATE deals SET lead_id = l.id FROM (SELECT converted_deal_id, min(id) AS id FROM leads"
          + " WHERE converted_deal_id IS NOT NULL GROUP BY converted_deal_id) l WHERE deals.id = l.converted_deal_id AND deals.lead_id IS NULL");
    }
  }

  /**
   * Ends the recorded history of each deal of the history files where the deal is now: the history must arrive at the
   * deal's current stage and status, or the pipeline of today would disagree with the deals.
   * <ul>
   *   <li>A closed deal whose latest recorded row is still open (an export whose "Date entered" column of the closing
   *       stage is empty, an OpportunityHistory extract without the closing change) gets its closing row at its close,
   *       or a second after that row when it is later (so the rows never tie); else it would stay open on every date
   *       after its close.</li>
   *   <li>An open deal whose latest recorded row is another stage, or closed (its current stage has no date in the
   *       export, or it was reopened), gets its current stage when this import sees it ({@code observedAt}, or a
   *       second after that row); else it would be in the wrong stage, or missing from the pipeline, from then on.</li>
   * </ul>
   * Importing the same files again writes nothing new (the rows are the deal's latest).
   */
  private static void closeRecordedHistory(Connection c, LocalDateTime observedAt) throws SQLException {
    settleRecordedStatuses(c);
    String latest = "(SELECT deal_id, entered_at, stage, status, row_number() OVER (PARTITION BY deal_id ORDER BY entered_at DESC, stage DESC) AS rn"
        + " FROM deal_stage_history WHERE NOT inferred AND deal_id IN (SELECT id FROM kompass_history_deals)) l";
    exec(c, "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, pipeline)"
        + " SELECT d.id, d.source_system, d.stage, d.status,"
        + " CASE WHEN d.closed_at > l.entered_at THEN d.closed_at ELSE l.entered_at + INTERVAL 1 SECOND END, false, d.pipeline"
        + " FROM deals d JOIN " + latest + " ON l.deal_id = d.id AND l.rn = 1"
        + " WHERE d.status <> 'open' AND d.closed_at IS NOT NULL AND l.status = 'open'");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, pipeline)"
        + " SELECT d.id, d.source_system, d.stage, 'open',"
        + " CASE WHEN CAST(? AS TIMESTAMP) > l.entered_at THEN CAST(? AS TIMESTAMP) ELSE l.entered_at + INTERVAL 1 SECOND END, false, d.pipeline"
        + " FROM deals d JOIN " + latest + " ON l.deal_id = d.id AND l.rn = 1"
        + " WHERE d.status = 'open' AND (l.status <> 'open' OR l.stage <> d.stage)")) {
      ps.setObject(1, observedAt);
      ps.setObject(2, observedAt);
      ps.executeUpdate();
    }
  }

  /**
   * With --complete, removes the stored deals of each source system of the deal files that none of them holds (deleted
   * in the CRM), with their stage history, and says how many. Without it, says how many there are, once the deal files
   * are a CRM's export (a canonical file is often one month's deals).
   */
  private void removeDealsMissingFromFullExports(Connection c, Batch batch) throws SQLException {
    String missing = "SELECT id FROM deals WHERE source_system IN (SELECT DISTINCT source_system FROM kompass_seen_deals)"
        + " AND id NOT IN (SELECT id FROM kompass_seen_deals)";
    List<String> counts = new ArrayList<>();
    Set<String> systems = new HashSet<>();
    long total = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT source_system, count(*) FROM deals WHERE id IN (" + missing + ") GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        counts.add(rs.getLong(2) + " stored " + (rs.getLong(2) == 1 ? "deal" : "deals") + " of " + rs.getString(1));
        systems.add(rs.getString(1));
        total += rs.getLong(2);
      }
    }
    String which = String.join(", ", counts) + (total == 1 ? " is" : " are") + " not in the files";
    if (total > 0 && options.complete()) {
      exec(c, "DELETE FROM deal_stage_history WHERE deal_id IN (" + missing + ")");
      exec(c, "DELETE FROM deals WHERE id IN (" + missing + ")");
      String verb = options.dryRun() ? "would be" : total == 1 ? "was" : "were";
      batch.warnings.add("--complete: " + which + ", so " + (total == 1 ? "it " : "they ") + verb + " removed with "
          + (total == 1 ? "its" : "their") + " stage history, as deleted in the CRM");
    } else if (total > 0 && systems.stream().anyMatch(batch.stageSources::contains)) {
      batch.warnings.add(which + " and " + (total == 1 ? "stays" : "stay") + " as last imported; if the files hold every deal"
          + " (a full export), import them with --complete to remove the deals deleted in the CRM");
    }
    exec(c, "DROP TABLE kompass_seen_deals");
  }

  /**
   * Gives a closed deal's latest recorded history row its closing status when that row is the deal's closing stage. A
   * history row's status comes from its stage's name (won, closed lost, ...) or a mapping's stages, so a CRM's own
   * closing stage ("Closed Won (Enterprise)", Salesforce's "Disqualified", which the deal reads as won or lost by
   * pattern or by IsClosed and IsWon) would stay open. The row is the closing stage when it is the deal's current stage
   * and was entered on or after the day the deal closed. A deal lost while in an open stage (as Pipedrive keeps it)
   * entered that stage before it closed: its row stays open, and it gets a closing row at its close (see
   * {@link #closeRecordedHistory}). Stages a mapping declares keep their declared status.
   */
  private static void settleRecordedStatuses(Connection c) throws SQLException {
    exec(c, "UPDATE deal_stage_history AS h SET status = l.status FROM (SELECT x.deal_id, x.entered_at, x.stage, d.status FROM ("
        + " SELECT deal_id, entered_at, stage, status, row_number() OVER (PARTITION BY deal_id ORDER BY entered_at DESC, stage DESC) AS rn"
        + " FROM deal_stage_history WHERE NOT inferred AND deal_id IN (SELECT id FROM kompass_history_deals)) x"
        + " JOIN deals d ON d.id = x.deal_id WHERE x.rn = 1 AND x.status = 'open' AND d.status <> 'open' AND x.stage = d.stage"
        + " AND d.closed_at IS NOT NULL AND CAST(x.entered_at AS DATE) >= CAST(d.closed_at AS DATE)"
        + " AND NOT EXISTS (SELECT 1 FROM pipeline_stages ps WHERE ps.stage = d.stage AND ps.pipeline = d.pipeline)) l"
        + " WHERE h.deal_id = l.deal_id AND h.entered_at = l.entered_at AND h.stage = l.stage AND NOT h.inferred");
  }

  /**
   * Sets {@code left_at} (the next row's entered_at) on the history of the given deals, or of all deals
   * when {@code dealIds} is null. Every writer of deal_stage_history calls it for the deals it changed.
   *
   * @param dealIds a query returning one column of deal ids, or null
   */
  public static void refreshStageExits(Connection c, String dealIds) throws SQLException {
    String scope = dealIds == null ? "" : " WHERE deal_id IN (" + dealIds + ")";
    // Rows are matched by rowid (stable within the statement): 2.0 s against 5.0 s for matching on
    // deal, time and stage, for 4.1 M recorded rows.
    exec(c, "UPDATE deal_stage_history AS h SET left_at = n.next_at FROM (SELECT rowid AS row_id, left_at,"
        + " lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, stage) AS next_at FROM deal_stage_history" + scope + ") n"
        + " WHERE h.rowid = n.row_id AND n.left_at IS DISTINCT FROM n.next_at");
  }

  /**
   * Fills the rate in force on every day from each currency's first rate to a year past today.
   * Public for writers other than the importer (the demo generator) that fill {@code currency_rates}.
   */
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
    try (PreparedStatement ps = c.prepareStatement("SELECT id, strftime(started_at, '%Y-%m-%d %H:%M:%S'), files FROM import_runs WHERE status = 'running' ORDER BY id");
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

  /** Resolves folders and files to what they load: canonical files by name, exports by their header. */
  static List<Planned> plan(List<Path> paths) {
    return plan(paths, new ArrayList<>());
  }

  static List<Planned> plan(List<Path> paths, List<String> warnings) {
    List<Planned> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> inFolder;
        try (Stream<Path> s = Files.list(p)) {
          inFolder = s.filter(CanonicalImport::isData).sorted().toList();
        } catch (IOException e) {
          throw new ImportFailedException("cannot list folder " + p + ": " + e.getMessage(), e);
        }
        int before = out.size();
        for (Path f : inFolder) {
          Planned planned = planFile(f);
          if (planned != null) {
            out.add(planned);
          } else {
            warnings.add("skipped " + f + ": its name is not a canonical table and its header is not a recognised export");
          }
        }
        if (out.size() == before) {
          throw new ImportFailedException(
              "folder " + p + " has no canonical CSV files and no recognised exports; name canonical files after their table: "
                  + canonicalNames() + ", or give a mapping file with --mapping (see docs/connectors.md)");
        }
      } else if (Files.isRegularFile(p)) {
        Planned planned = planFile(p);
        if (planned == null) {
          throw new ImportFailedException(
              p + ": cannot tell which table this file is for; name it after its table (" + canonicalNames()
                  + "), optionally with a suffix such as deals_2025.csv, or give a mapping file with --mapping"
                  + " (HubSpot, Salesforce, Pipedrive and Zoho exports are recognised by their English headers; for one in another"
                  + " language, copy its shipped preset as a mapping file and rename the headers: see docs/connectors.md)",
              "unknown_file", List.of(String.valueOf(p.getFileName()), canonicalNames()));
        }
        out.add(planned);
      } else {
        throw new ImportFailedException(p + ": no such file or folder");
      }
    }
    List<Table> order = CanonicalModel.tables();
    out.sort(Comparator.comparingInt((Planned pl) -> pl.table() == null ? -1 : order.indexOf(pl.table()))
        .thenComparing(pl -> pl.path().toString()));
    return out;
  }

  private static boolean isData(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(f) && (n.endsWith(".csv") || n.endsWith(".xlsx") || n.endsWith(".xlsm") || n.endsWith(".txt"));
  }

  /** A canonical file by its name, else an export recognised by its header, else {@code null}. */
  private static Planned planFile(Path f) {
    Table t = tableFor(f);
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!(n.endsWith(".csv") || n.endsWith(".txt") || Xlsx.isExcel(f))) {
      return null;
    }
    List<String> header = peekHeader(f);
    if (t != null && (header == null || hasRequiredColumns(header, t))) {
      return new Planned(f, t);
    }
    // A vendor export may be named like a table (Zoho: Deals_2026_05_28.csv): its header decides.
    Mapping preset = header == null ? null : Presets.detect(header);
    if (preset == null) {
      return t == null ? null : new Planned(f, t);
    }
    return new Planned(f, null, preset, Map.of("", f));
  }

  private static boolean hasRequiredColumns(List<String> header, Table t) {
    List<String> names = header.stream().map(CsvFile::normalise).toList();
    return t.columns().stream().filter(c -> c.required()).allMatch(c -> names.contains(c.name()));
  }

  /** The header of a CSV or Excel file, or {@code null} when it cannot be read. */
  private static List<String> peekHeader(Path f) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("kompass-peek");
      return InputFile.open(f, scratch, 0).header;
    } catch (IOException | ImportFailedException e) {
      return null;
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * The files a mapping names, found among the given files and in the given folders (default: the mapping's folder).
   * Data files in a folder given that the mapping does not use are named in a warning: they are not imported.
   */
  static List<Planned> planMapping(Path mappingFile, List<Path> paths, List<String> warnings) {
    if (!Files.isRegularFile(mappingFile)) {
      throw new ImportFailedException(mappingFile + ": no such mapping file");
    }
    Mapping m = Mapping.read(mappingFile);
    List<Path> where = paths.isEmpty() ? List.of(mappingFile.toAbsolutePath().getParent()) : paths;
    List<Path> candidates = new ArrayList<>();
    for (Path p : where) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(candidates::add);
        } catch (IOException e) {
          throw new ImportFailedException("cannot list folder " + p + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(p)) {
        candidates.add(p);
      } else {
        throw new ImportFailedException(p + ": no such file or folder");
      }
    }
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, String> wanted = m.files().isEmpty() ? Map.of("", "*") : m.files();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      java.nio.file.PathMatcher glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + e.getValue());
      List<Path> found = candidates.stream().filter(c -> glob.matches(c.getFileName()) || c.getFileName().toString().equalsIgnoreCase(e.getValue())).toList();
      if (found.isEmpty()) {
        throw new ImportFailedException(mappingFile + ": no file matches '" + e.getValue() + "' (files: " + e.getKey() + ") in "
            + where.stream().map(Path::toString).collect(Collectors.joining(", ")) + "; give its folder or the file itself");
      }
      if (found.size() > 1) {
        throw new ImportFailedException(mappingFile + ": several files match '" + e.getValue() + "': "
            + found.stream().map(Path::toString).collect(Collectors.joining(", ")) + "; give the one to import");
      }
      files.put(e.getKey(), found.get(0));
    }
    for (Path p : paths) {
      if (Files.isRegularFile(p) && !files.containsValue(p)) {
        throw new ImportFailedException(p + ": the mapping " + mappingFile.getFileName() + " does not use this file; its files are "
            + String.join(", ", wanted.values()));
      }
    }
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<String> unused = candidates.stream().filter(c -> c.getParent().equals(p) && isData(c) && !files.containsValue(c))
            .map(c -> c.getFileName().toString()).toList();
        if (!unused.isEmpty()) {
          warnings.add("folder " + p + ": not imported, as the mapping " + mappingFile.getFileName() + " does not use them: "
              + String.join(", ", unused) + "; import canonical files in a run of their own");
        }
      }
    }
    return List.of(new Planned(mappingFile, null, m, files));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
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

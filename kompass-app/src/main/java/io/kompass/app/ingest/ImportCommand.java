package io.kompass.app.ingest;

import io.kompass.app.Kompass;
import io.kompass.app.ProgressBar;
import io.kompass.app.WorkspaceSettingsOptions;
import io.kompass.app.dashboard.Overview;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.FileReport;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.ingest.Quality;
import io.kompass.engine.ingest.QuarantineReport;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kompass import}: loads canonical CSV files, recognised CRM exports and mapped files into
 * the workspace as one batch, or checks them without saving ({@code --dry-run}).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Import canonical CSV files, CRM exports (HubSpot, Salesforce, Pipedrive, Zoho) or any CSV/Excel file with a mapping.",
    descriptionHeading = "%n",
    description = {
      "A folder is searched (not recursively) for files named after their table, optionally with a suffix such as"
          + " deals_2025.csv. All files are saved together or not at all. Rows that fail a check are not loaded but"
          + " kept in quarantine with the reason: see them with 'kompass quality'. Importing the same rows again"
          + " updates them; rows that were fixed leave the quarantine. A new workspace is created when needed.",
      "%nExports of HubSpot, Salesforce, Pipedrive and Zoho CRM (CSV or .xlsx) are recognised by their header. Any"
          + " other CSV or Excel file is imported with a mapping file (--mapping; see docs/connectors.md): try it first"
          + " with --dry-run, which shows the mapping, the first mapped rows and the problems found, and saves nothing.",
      "%nFor each file it prints: <file> → <table>: read N = loaded L (added a, updated u, unchanged c) + quarantined Q"
    },
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every row was loaded (with --dry-run: would be loaded).",
      "1:The import failed and nothing from it was saved; the message says what to fix.",
      "2:Wrong usage.",
      "3:The import was saved, but some rows were quarantined (see 'kompass quality'); with --dry-run: some rows would be."
    })
public class ImportCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Mixin WorkspaceSettingsOptions settings;

  @Parameters(
      arity = "0..*",
      paramLabel = "<file-or-folder>",
      description = "CSV or Excel files, or folders holding them. With --mapping: the mapping's files or their folder"
          + " (default: the mapping file's folder).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--source",
      paramLabel = "<name>",
      description = "Source system recorded for rows whose file has no source_system column. Default: csv for canonical"
          + " files; hubspot, salesforce, pipedrive or zoho for recognised exports; the mapping's source_system.")
  String source;

  @Option(names = "--mapping", paramLabel = "<file.yaml>", description = "A mapping file for CSV or Excel files in other shapes (docs/connectors.md).")
  Path mapping;

  @Option(names = "--dry-run", description = "Check and map everything, show the mapping, the first mapped rows and the problems found; save nothing.")
  boolean dryRun;

  @Option(
      names = "--dates",
      paramLabel = "<order>",
      defaultValue = "auto",
      description = "Day/month order of dates in exports and mapped files: dmy (31/12/2024), mdy (12/31/2024), ymd or auto"
          + " (guessed from the values, with a warning when they cannot tell). Default: ${DEFAULT-VALUE}.")
  String dates;

  @Option(
      names = "--decimal",
      paramLabel = "<separator>",
      defaultValue = "auto",
      description = "Decimal separator of numbers in exports and mapped files: point (1,234.50), comma (1.234,50 or"
          + " 1 234,50) or auto. Default: ${DEFAULT-VALUE}.")
  String decimal;

  @Option(
      names = "--complete",
      description = "The deal files hold every deal of their CRM (a full export): stored deals of that CRM they lack were"
          + " deleted there and are removed, with their stage history. Try it with --dry-run first.")
  boolean complete;

  @Option(
      names = "--exported",
      paramLabel = "<when>",
      description = "When the files were exported (YYYY-MM-DD or YYYY-MM-DD HH:MM, in the workspace's time zone): a stage"
          + " change this import sees is dated then, so the pipeline of the days before is as the export had it. Default: now.")
  String exported;

  @Option(
      names = "--stage",
      paramLabel = "<stage>=<status>",
      description = "What a stage means, overriding the CRM's defaults: --stage \"Verbal yes=won\" (status open, won or lost;"
          + " default: back to the CRM's meaning). Later imports of the same CRM remember it. Repeatable.")
  List<String> stageArgs = new ArrayList<>();

  /** --exported as a time: a date alone is its start. */
  private LocalDateTime exportedAt() {
    String v = exported.strip();
    try {
      return v.length() <= 10 ? java.time.LocalDate.parse(v).atStartOfDay() : LocalDateTime.parse(v.replace(' ', 'T'));
    } catch (java.time.format.DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--exported': '" + exported + "': write YYYY-MM-DD or YYYY-MM-DD HH:MM");
    }
  }

  /** The stages of --stage, read by {@link #validate} (picocli's own map option words its error badly). */
  private final Map<String, String> stages = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = kompass.out();
    validate();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new ImportFailedException(p + ": no such file or folder");
      }
    }
    // A dry run saves nothing, not even a new workspace; an import that fails leaves no workspace it created (whose
    // currency and time zone would then be fixed by a run that loaded nothing).
    Path workspaceFile = kompass.workspaceIsPostgres() ? null : kompass.workspacePath();
    boolean isNew = workspaceFile != null && !Files.exists(workspaceFile);
    ImportReport report;
    try (Workspace workspace = dryRun && isNew ? Workspace.openInMemory("dry-run", settings.settings()) : kompass.openOrCreate(settings)) {
      ProgressBar progress = kompass.progress();
      // Stopped by Ctrl-C or a kill signal: the transaction is not committed, so nothing is saved; say so and where.
      PrintWriter err = kompass.err();
      Thread stopped = new Thread(() -> {
        String at = progress.task();
        progress.finish();
        err.println("Import stopped before it finished" + (at == null ? "" : " (at " + at + ")")
            + ": nothing from it was saved. Run the same command again to import the files.");
        err.flush();
      });
      Runtime.getRuntime().addShutdownHook(stopped);
      try {
        LocalDateTime now = LocalDateTime.now(workspace.settings().timeZone());
        LocalDateTime observedAt = exported == null ? now : exportedAt();
        if (observedAt.isAfter(now)) {
          throw new ParameterException(spec.commandLine(), "Invalid value for option '--exported': '" + exported + "' is in the future");
        }
        ImportOptions options = new ImportOptions(source == null ? "csv" : source, observedAt)
            .withMapping(mapping)
            .withDryRun(dryRun)
            .withLocale(dates, decimal)
            .withStages(stages)
            .withComplete(complete);
        if (source != null) {
          options = options.withSource(source);
        }
        report = new CanonicalImport(workspace, options, progress).run(paths);
        if (!report.dryRun()) {
          // The web UI started on this workspace then shows its overview at once.
          progress.update("overview for the web UI", 0, 1);
          Overview.keepDefault(workspace, kompass.catalog());
          progress.update("overview for the web UI", 1, 1);
        }
      } finally {
        progress.finish();
        try {
          Runtime.getRuntime().removeShutdownHook(stopped);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to: it says what happened
        }
      }
    } catch (RuntimeException e) {
      if (isNew && !dryRun) {
        deleteQuietly(workspaceFile);
        deleteQuietly(Path.of(workspaceFile + ".wal"));
      }
      throw e;
    }
    if (report.dryRun()) {
      return printDryRun(report, out);
    }
    if (report.interruptedEarlier() != null) {
      for (String note : report.interruptedEarlier().split("\n")) {
        out.println("Note: " + note + ".");
      }
    }
    for (String w : report.warnings()) {
      out.println("Check: " + w);
    }
    for (FileReport file : report.files()) {
      out.println(accounting(file, kompass.arrow()));
      if (file.released() > 0) {
        out.println("  released from quarantine: " + rows(file.released()) + " fixed by this file");
      }
      if (!file.ignoredColumns().isEmpty()) {
        out.println("  ignored columns (not part of " + file.table() + "): " + String.join(", ", file.ignoredColumns()));
      }
    }
    // A file can load several tables (a report line each); count the files themselves, as `kompass status` does.
    long files = report.files().stream().map(FileReport::file).distinct().count();
    // Reps and accounts an export names (an owner, a company) are rows of their tables too; say how many of the rows read
    // they are, so that the total is not taken for the files' own rows.
    long named = report.files().stream().filter(FileReport::named).mapToLong(FileReport::read).sum();
    out.println(
        "Import #" + report.importId() + " saved: read " + n(report.read()) + " = loaded " + n(report.loaded())
            + " + quarantined " + n(report.quarantined()) + " in " + files + (files == 1 ? " file" : " files")
            + (named == 0 ? "." : " (of the rows read, " + n(named) + (named == 1 ? " is a rep or account" : " are reps and accounts")
                + " the files name, matched or created by name or id)."));
    if (report.quarantined() > 0) {
      out.println(rows(report.quarantined()) + (report.quarantined() == 1 ? " was" : " were")
          + " not loaded. See which and why with: kompass quality" + kompass.workspaceHint());
    }
    out.flush();
    return report.quarantined() > 0 ? Kompass.QUARANTINED : Kompass.OK;
  }

  private void validate() {
    if (mapping == null && paths.isEmpty()) {
      // The same message picocli gives for a missing parameter: files are optional only with --mapping.
      throw new ParameterException(spec.commandLine(), "Missing required parameter: '<file-or-folder>'");
    }
    if (!Set.of("auto", "dmy", "mdy", "ymd").contains(dates.toLowerCase(Locale.ROOT))) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--dates': '" + dates + "' is not one of dmy, mdy, ymd, auto");
    }
    if (!Set.of("auto", "point", "comma").contains(decimal.toLowerCase(Locale.ROOT))) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--decimal': '" + decimal + "' is not one of point, comma, auto");
    }
    for (String arg : stageArgs) {
      int eq = arg.lastIndexOf('=');
      if (eq <= 0 || arg.substring(0, eq).isBlank()) {
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '--stage': '" + arg + "': write <stage>=<status>, e.g. --stage \"Verbal yes=won\"");
      }
      String stage = arg.substring(0, eq);
      String status = arg.substring(eq + 1);
      if (!Set.of("open", "won", "lost", CanonicalImport.DEFAULT_STAGE).contains(status.strip().toLowerCase(Locale.ROOT))) {
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '--stage': '" + arg + "': the status must be open, won, lost or " + CanonicalImport.DEFAULT_STAGE
                + " (the CRM's own meaning)");
      }
      stages.put(stage, status.strip());
    }
    if (exported != null) {
      exportedAt();
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (java.io.IOException e) {
      // The next import opens the file as it is; nothing was loaded into it.
    }
  }

  /** A dry run: the mapping, the first mapped rows and the problems, per file and table. */
  private int printDryRun(ImportReport report, PrintWriter out) {
    String arrow = kompass.arrow();
    out.println("Dry run: nothing was saved.");
    for (String w : report.warnings()) {
      out.println("Check: " + w);
    }
    for (int i = 0; i < report.previews().size(); i++) {
      ImportReport.Preview p = report.previews().get(i);
      FileReport f = report.files().get(i);
      out.println();
      out.println(name(f) + " " + arrow + " " + p.table() + ": read " + n(f.read()) + " = would load " + n(f.loaded()) + " + quarantine "
          + n(f.quarantined()) + skipped(f));
      out.println("  mapping:");
      for (String m : p.mapping()) {
        out.println("    " + m);
      }
      List<Integer> shown = new ArrayList<>();
      for (int c = 0; c < p.columns().size(); c++) {
        final int col = c;
        if (p.rows().stream().anyMatch(r -> r.get(col) != null)) {
          shown.add(c);
        }
      }
      out.println("  first " + p.rows().size() + (p.rows().size() == 1 ? " row:" : " rows:"));
      if (!p.rows().isEmpty()) {
        out.println("    " + shown.stream().map(c -> p.columns().get(c)).collect(Collectors.joining(" | ")));
        for (List<String> row : p.rows()) {
          out.println("    " + shown.stream().map(c -> row.get(c) == null ? "" : row.get(c)).collect(Collectors.joining(" | ")));
        }
      }
    }
    out.println();
    if (report.problems().isEmpty()) {
      out.println("No row would be quarantined.");
    } else {
      out.println("Rows that would be quarantined:");
      for (QuarantineReport.Group g : report.problems()) {
        out.println("  " + g.file() + " " + arrow + " " + g.table() + ", " + ("(row)".equals(g.field()) ? "whole row" : "field " + g.field())
            + ": " + rows(g.rows()));
        for (QuarantineReport.Example e : g.examples()) {
          out.println("    line " + e.line() + (e.recordId() == null ? "" : ", id " + e.recordId()) + ": " + e.problems());
        }
      }
    }
    if (!report.anomalies().isEmpty()) {
      out.println("Rows that would load but deserve a look:");
      for (Quality.Finding f : report.anomalies()) {
        out.println("  " + f.source() + " " + arrow + " " + f.table() + ", " + f.rule() + ": " + rows(f.rows()));
        for (String e : f.examples()) {
          out.println("    " + e);
        }
      }
    }
    out.println("Dry run: read " + n(report.read()) + " = would load " + n(report.loaded()) + " + quarantine " + n(report.quarantined())
        + ". Run the same command without --dry-run to import.");
    out.flush();
    return report.quarantined() > 0 ? Kompass.QUARANTINED : Kompass.OK;
  }

  private static String name(FileReport f) {
    return f.kind() == null ? f.file() : f.file() + " (" + f.kind() + ")";
  }

  /** The accounting line of one file; it always adds up (read = loaded + quarantined). */
  static String accounting(FileReport f, String arrow) {
    return name(f) + " " + arrow + " " + f.table() + ": read " + n(f.read()) + " = loaded " + n(f.loaded())
        + " (added " + n(f.added()) + ", updated " + n(f.updated()) + ", unchanged " + n(f.unchanged())
        + (f.superseded() == 0 ? "" : ", left to a later file of this import " + n(f.superseded()))
        + ") + quarantined " + n(f.quarantined())
        + skipped(f);
  }

  /** Rows the load's where (or, in a spreadsheet, being empty) leaves out, so that every row of the file is accounted for. */
  private static String skipped(FileReport f) {
    if (f.skipped() == 0) {
      return "";
    }
    boolean sheet = f.file().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx");
    return "; " + rows(f.skipped()) + (sheet ? " left out (empty rows of the sheet, or rows the load's filter excludes)"
        : " left out by the load's filter (where)");
  }

  private static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String rows(long value) {
    return n(value) + (value == 1 ? " row" : " rows");
  }
}

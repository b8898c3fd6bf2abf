package io.kompass.app.ingest;

import io.kompass.app.Kompass;
import io.kompass.app.ProgressBar;
import io.kompass.app.WorkspaceSettingsOptions;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.FileReport;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass import}: loads canonical CSV files into the workspace as one batch. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Import canonical CSV files (deals.csv, reps.csv, ...) into the workspace.",
    descriptionHeading = "%n",
    description = {
      "A folder is searched (not recursively) for files named after their table, optionally with a suffix such as"
          + " deals_2025.csv. All files are saved together or not at all. Rows that fail a check are not loaded but"
          + " kept in quarantine with the reason: see them with 'kompass quality'. Importing the same rows again"
          + " updates them; rows that were fixed leave the quarantine. A new workspace is created when needed.",
      "%nFor each file it prints: <file> → <table>: read N = loaded L (added a, updated u, unchanged c) + quarantined Q"
    },
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every row was loaded.",
      "1:The import failed and nothing from it was saved; the message says what to fix.",
      "2:Wrong usage.",
      "3:The import was saved, but some rows were quarantined (see 'kompass quality')."
    })
public class ImportCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Mixin WorkspaceSettingsOptions settings;

  @Parameters(arity = "1..*", paramLabel = "<file-or-folder>", description = "CSV files, or folders holding them.")
  List<Path> paths;

  @Option(
      names = "--source",
      paramLabel = "<name>",
      defaultValue = "csv",
      description = "Source system recorded for rows whose file has no source_system column. Default: ${DEFAULT-VALUE}.")
  String source;

  @Override
  public Integer call() {
    PrintWriter out = kompass.out();
    ImportReport report;
    try (Workspace workspace = kompass.openOrCreate(settings)) {
      ProgressBar progress = kompass.progress();
      try {
        ImportOptions options = new ImportOptions(source, LocalDateTime.now(workspace.settings().timeZone()));
        report = new CanonicalImport(workspace, options, progress).run(paths);
      } finally {
        progress.finish();
      }
    }
    if (report.interruptedEarlier() != null) {
      for (String note : report.interruptedEarlier().split("\n")) {
        out.println("Note: " + note + ".");
      }
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
    out.println(
        "Import #" + report.importId() + " saved: read " + n(report.read()) + " = loaded " + n(report.loaded())
            + " + quarantined " + n(report.quarantined()) + " in " + report.files().size()
            + (report.files().size() == 1 ? " file." : " files."));
    if (report.quarantined() > 0) {
      out.println(rows(report.quarantined()) + (report.quarantined() == 1 ? " was" : " were")
          + " not loaded. See which and why with: kompass quality" + kompass.workspaceHint());
    }
    out.flush();
    return report.quarantined() > 0 ? Kompass.QUARANTINED : Kompass.OK;
  }

  /** The accounting line of one file; it always adds up (read = loaded + quarantined). */
  static String accounting(FileReport f, String arrow) {
    return f.file() + " " + arrow + " " + f.table() + ": read " + n(f.read()) + " = loaded " + n(f.loaded())
        + " (added " + n(f.added()) + ", updated " + n(f.updated()) + ", unchanged " + n(f.unchanged())
        + ") + quarantined " + n(f.quarantined());
  }

  private static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String rows(long value) {
    return n(value) + (value == 1 ? " row" : " rows");
  }
}

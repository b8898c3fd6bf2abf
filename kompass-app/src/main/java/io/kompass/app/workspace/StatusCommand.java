package io.kompass.app.workspace;

import io.kompass.app.Kompass;
import io.kompass.app.OutputFormat;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Summary.ImportRun;
import io.kompass.engine.workspace.Summary.TableCount;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kompass status}: what the workspace holds. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show what the workspace holds.",
    descriptionHeading = "%n",
    description =
        "Its settings, the rows of each table with the span of their main date, the currencies in use, the recent"
            + " imports and how many rows are in quarantine.",
    optionListHeading = "%nOptions:%n")
public class StatusCommand implements Callable<Integer> {

  static final int RECENT_IMPORTS = 10;
  private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  @ParentCommand Kompass kompass;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Override
  public Integer call() {
    Summary summary;
    String location;
    boolean held;
    try (Workspace workspace = kompass.openExisting()) {
      // A workspace file is open for one process at a time: no import of another can be running while this one reads.
      held = !kompass.workspaceIsPostgres();
      // Files uploaded through a server on this workspace, named as uploaded.
      summary = io.kompass.app.data.ServerImport.asUploaded(workspace, Summary.of(workspace, RECENT_IMPORTS));
      location = workspace.location();
    }
    if (format == OutputFormat.json) {
      kompass.printJson(summary);
    } else {
      print(summary, location, kompass.out(), kompass.workspaceHint(), held);
    }
    return Kompass.OK;
  }

  /** @param held whether no other process can be importing now, so that an import still marked running was stopped */
  static void print(Summary s, String location, PrintWriter out, String workspaceHint, boolean held) {
    out.println("Workspace:  " + location);
    out.println("Currency:   " + s.settings().currency());
    out.println("Time zone:  " + s.settings().timeZone().getId());
    out.println();
    out.println(String.format(Locale.ROOT, "%-20s %12s  %-10s  %-10s", "Table", "Rows", "From", "To").stripTrailing());
    for (TableCount t : s.tables()) {
      String line = String.format(Locale.ROOT, "%-20s %,12d", t.table(), t.rows());
      if (t.from() != null) {
        line += String.format(Locale.ROOT, "  %-10s  %-10s  (%s)", t.from(), t.to(), t.dateColumn());
      }
      out.println(line);
    }
    out.println(String.format(Locale.ROOT, "%-20s %,12d", "Total", s.totalRows()));
    out.println();
    out.println("Currencies: " + s.currencies().stream()
        .map(c -> c.equals(s.settings().currency()) ? c + " (workspace currency)" : c)
        .collect(Collectors.joining(", ")));
    out.println("Quarantine: " + (s.quarantined() == 0
        ? "empty"
        : rows(s.quarantined()) + "; see which and why with: kompass quality" + workspaceHint));
    out.println();
    if (s.imports().isEmpty()) {
      out.println("No imports yet. Load data with: kompass import <folder>");
    } else {
      out.println("Recent imports:");
      for (ImportRun run : s.imports()) {
        int files = run.files() == null || run.files().isBlank() ? 0 : run.files().split("\n").length;
        boolean stopped = held && run.status().equals("running");
        String line = String.format(Locale.ROOT, "  #%-4d %s  %-11s %d %s", run.id(), STARTED.format(run.startedAt()),
            stopped ? "interrupted" : run.status(), files, files == 1 ? "file" : "files");
        if (run.read() != null) {
          line += String.format(Locale.ROOT, ": read %,d = loaded %,d + quarantined %,d", run.read(), run.loaded(), run.quarantined());
        }
        out.println(line);
        if (stopped) {
          out.println("        the process ended before the import committed; nothing was saved");
        } else if (run.message() != null && !run.message().isBlank()) {
          out.println("        " + run.message());
        }
      }
    }
    out.flush();
  }

  private static String rows(long n) {
    return String.format(Locale.ROOT, "%,d", n) + (n == 1 ? " row" : " rows");
  }
}

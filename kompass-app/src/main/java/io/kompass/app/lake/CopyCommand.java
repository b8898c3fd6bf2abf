package io.kompass.app.lake;

import io.kompass.app.Kompass;
import io.kompass.app.ProgressBar;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceCopy;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass copy <target>}: the workspace's data into another, empty workspace (DuckDB file or PostgreSQL URL). */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Copy all data of the workspace into another, empty workspace.",
    descriptionHeading = "%n",
    description = {
      "The target is a DuckDB file or a PostgreSQL URL (jdbc:postgresql://host/db?user=...&password=...); it is created or migrated,"
          + " must hold no data, and gets the workspace's currency and time zone. The copy is one transaction.",
      "Example: kompass copy jdbc:postgresql://localhost/kompass?user=kompass"
    })
public class CopyCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Parameters(paramLabel = "<target>", description = "A DuckDB file or a jdbc:postgresql: URL.")
  String target;

  @Override
  public Integer call() {
    Map<String, Long> rows;
    try (Workspace from = kompass.openExisting();
        Workspace to = Workspace.open(target, from.settings())) {
      ProgressBar progress = kompass.progress();
      rows = WorkspaceCopy.copy(from, to, progress);
      progress.finish();
      long total = rows.values().stream().mapToLong(Long::longValue).sum();
      kompass.out().println("Copied " + String.format(java.util.Locale.ROOT, "%,d", total) + " rows in " + rows.size() + " tables to " + to.location() + ".");
    }
    kompass.out().flush();
    return Kompass.OK;
  }
}

package io.kompass.app.lake;

import io.kompass.app.Kompass;
import io.kompass.app.ProgressBar;
import io.kompass.engine.workspace.ParquetExport;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kompass export --parquet <folder>}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Export the workspace's tables as Parquet files, for the Spark job.",
    descriptionHeading = "%n",
    description = "Writes <folder>/<table>.parquet for every table (see docs/spark.md).",
    optionListHeading = "%nOptions:%n")
public class ExportCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Option(names = "--parquet", required = true, paramLabel = "<folder>", description = "The folder to write to; created when missing.")
  Path folder;

  @Override
  public Integer call() {
    Map<String, Long> rows;
    try (Workspace ws = kompass.openExisting()) {
      ProgressBar progress = kompass.progress();
      rows = ParquetExport.export(ws, folder, progress);
      progress.finish();
    }
    long total = rows.values().stream().mapToLong(Long::longValue).sum();
    kompass.out().println("Exported " + rows.size() + " tables (" + String.format(java.util.Locale.ROOT, "%,d", total) + " rows) to " + folder + ".");
    kompass.out().flush();
    return Kompass.OK;
  }
}

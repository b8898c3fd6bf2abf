package io.kompass.engine.ingest;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceCopy;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports into a PostgreSQL workspace. The batch is checked, quarantined and merged by the same
 * code as on DuckDB, in a scratch DuckDB that holds a copy of the workspace; the result is then
 * written back with PostgreSQL's COPY in one transaction. So every guarantee (row accounting,
 * quarantine, idempotence, stage history) is the same on both engines; the price is that an
 * import moves the whole workspace twice, which the docs state.
 */
final class PostgresImport {

  private PostgresImport() {}

  static ImportReport run(Workspace postgres, ImportOptions options, Progress progress, List<Path> paths) {
    try (Workspace scratch = Workspace.openInMemory("postgres-import-" + System.nanoTime(), postgres.settings())) {
      WorkspaceCopy.copy(postgres, scratch, progress);
      ImportReport report = new CanonicalImport(scratch, options, progress).run(paths);
      if (!options.dryRun()) {
        WorkspaceCopy.replace(scratch, postgres, progress);
      }
      return report;
    }
  }
}

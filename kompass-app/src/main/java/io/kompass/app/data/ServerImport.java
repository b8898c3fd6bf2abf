package io.kompass.app.data;

import io.kompass.app.numbers.DataVersion;
import io.kompass.engine.Progress;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Imports canonical CSV files inside the server, which holds the workspace (DuckDB lets one
 * process write it). One import at a time; after each committed import the data version grows,
 * which empties the result cache and tells open dashboards to refresh.
 */
@Component
public class ServerImport {

  /** A file to import: its name (which says its table, e.g. deals.csv, or is a CRM export's) and its content. */
  public record Upload(String name, InputStream content) {}

  private final Workspace workspace;
  private final DataVersion version;
  private final ReentrantLock lock = new ReentrantLock();

  ServerImport(Workspace workspace, DataVersion version) {
    this.workspace = workspace;
    this.version = version;
  }

  /** The folder files uploaded to this workspace's server are imported from (and removed from afterwards). */
  public static Path uploads(Workspace workspace) {
    return Path.of(System.getProperty("java.io.tmpdir"), "kompass-uploads-" + Integer.toHexString(workspace.location().hashCode()))
        .toAbsolutePath().normalize();
  }

  /** A summary whose imports name a file uploaded through the server as uploaded, not by the server's temporary folder. */
  public static Summary asUploaded(Workspace workspace, Summary s) {
    String uploads = uploads(workspace).toString() + java.io.File.separator;
    List<Summary.ImportRun> runs = s.imports().stream()
        .map(r -> new Summary.ImportRun(r.id(), r.startedAt(), r.status(), r.files() == null ? null : r.files().replace(uploads, ""), r.read(),
            r.loaded(), r.quarantined(), r.message() == null ? null : r.message().replace(uploads, "")))
        .toList();
    return new Summary(s.settings(), s.tables(), s.currencies(), runs, s.quarantined());
  }

  /**
   * Imports the files as one batch.
   *
   * @throws ImportFailedException when nothing was saved; the message says why
   */
  public ImportReport run(List<Upload> uploads, String source) {
    if (uploads.isEmpty()) {
      throw new ImportFailedException("choose at least one CSV or Excel file to import", "no_files", List.of());
    }
    Path dir = null;
    lock.lock();
    try {
      // The same folder for every upload to this workspace, so that a file uploaded again by the same name is the
      // same file to the import, which then also drops the quarantine entries of rows since removed from it.
      dir = Files.createDirectories(uploads(workspace));
      List<Path> files = new ArrayList<>();
      for (Upload u : uploads) {
        String name = u.name() == null ? "" : Path.of(u.name().replace('\\', '/')).getFileName().toString();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".xlsx")) {
          throw new ImportFailedException("'" + name + "' is not a CSV or Excel (.xlsx) file; upload canonical files named after their"
              + " table, such as deals.csv, or a CRM's export as it was saved", "not_csv", List.of(name));
        }
        Path file = dir.resolve(name);
        Files.copy(u.content(), file, StandardCopyOption.REPLACE_EXISTING);
        files.add(file);
      }
      ImportOptions options = new ImportOptions(source == null || source.isBlank() ? "csv" : source.trim(),
          LocalDateTime.now(workspace.settings().timeZone()));
      ImportReport report;
      try {
        report = new CanonicalImport(workspace, options, Progress.NONE).run(files);
      } catch (ImportFailedException e) {
        // The uploaded files by their own names, not the server's temporary folder.
        throw new ImportFailedException(e.getMessage().replace(dir.toString() + java.io.File.separator, ""), e.code(), e.args());
      }
      version.bump(report.importId());
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the uploaded files: " + e.getMessage(), e);
    } finally {
      lock.unlock();
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}

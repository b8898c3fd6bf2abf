package io.kompass.engine.ingest;

import java.util.List;

/**
 * The outcome of a committed import batch.
 *
 * @param importId the number of this import in the workspace's import log
 * @param files one report per file, in the order they were loaded
 * @param interruptedEarlier a note about an earlier import that never finished, or {@code null}
 */
public record ImportReport(long importId, List<FileReport> files, String interruptedEarlier) {
  public ImportReport {
    files = List.copyOf(files);
  }

  public long read() {
    return files.stream().mapToLong(FileReport::read).sum();
  }

  public long loaded() {
    return files.stream().mapToLong(FileReport::loaded).sum();
  }

  public long quarantined() {
    return files.stream().mapToLong(FileReport::quarantined).sum();
  }
}

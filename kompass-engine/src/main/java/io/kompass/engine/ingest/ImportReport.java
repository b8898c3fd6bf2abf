package io.kompass.engine.ingest;

import java.util.List;

/**
 * The outcome of an import batch: committed, or checked only ({@link #dryRun()}).
 *
 * @param importId the number of this import in the workspace's import log
 * @param files one report per file and table, in the order they were loaded
 * @param interruptedEarlier a note about an earlier import that never finished, or {@code null}
 * @param warnings things the user should check, such as dates that could be day-first or month-first
 * @param dryRun whether nothing was saved
 * @param previews for a dry run: how each file maps and its first mapped rows
 * @param problems for a dry run: the rows that would be quarantined, grouped
 * @param anomalies for a dry run: rows that would load but deserve a look
 */
public record ImportReport(
    long importId,
    List<FileReport> files,
    String interruptedEarlier,
    List<String> warnings,
    boolean dryRun,
    List<Preview> previews,
    List<QuarantineReport.Group> problems,
    List<Quality.Finding> anomalies) {

  /**
   * How one file maps to one table, and the first rows as they would load.
   *
   * @param file the file
   * @param kind what the file was recognised as, or {@code null} for a canonical file
   * @param table the canonical table
   * @param mapping canonical column to the SQL that computes its text from the file
   * @param columns the canonical columns of the rows, in order
   * @param rows the first mapped rows that pass every check
   */
  public record Preview(String file, String kind, String table, List<String> mapping, List<String> columns, List<List<String>> rows) {
    public Preview {
      mapping = List.copyOf(mapping);
      columns = List.copyOf(columns);
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
  }

  public ImportReport {
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
    previews = List.copyOf(previews);
    problems = List.copyOf(problems);
    anomalies = List.copyOf(anomalies);
  }

  public ImportReport(long importId, List<FileReport> files, String interruptedEarlier) {
    this(importId, files, interruptedEarlier, List.of(), false, List.of(), List.of(), List.of());
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

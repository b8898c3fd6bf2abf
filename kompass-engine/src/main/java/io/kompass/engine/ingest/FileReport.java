package io.kompass.engine.ingest;

import java.util.List;

/**
 * What happened to one file of a batch. Always {@code read == loaded + quarantined}.
 *
 * @param file the file as given
 * @param table the canonical table it was loaded into
 * @param read data rows read (the header is not counted)
 * @param loaded rows that passed every check, or were left to a later file: {@code added + updated + unchanged + superseded}
 * @param added rows with a key not seen before
 * @param updated rows that replaced a stored row with different values
 * @param unchanged rows identical to the stored row
 * @param quarantined rows that were not loaded; see the quarantine
 * @param released earlier quarantine entries that this file fixed
 * @param ignoredColumns header columns that are not part of the canonical table
 * @param kind what the file was recognised as, e.g. "HubSpot deals export" or "mapping maven.yaml",
 *     or {@code null} for a canonical file
 * @param skipped rows of the file that the load's {@code where} leaves out (Pipedrive's deleted deals): not read,
 *     and said so, so that every line of the file is accounted for
 * @param superseded rows that were not written because a later file of the same import loaded the same ids (monthly
 *     exports of the same deals in one folder): the later file's version is the one stored; also an earlier row that
 *     failed a check, which is then not quarantined
 */
public record FileReport(
    String file,
    String table,
    long read,
    long loaded,
    long added,
    long updated,
    long unchanged,
    long quarantined,
    long released,
    List<String> ignoredColumns,
    String kind,
    long skipped,
    long superseded) {

  public FileReport {
    ignoredColumns = List.copyOf(ignoredColumns);
    if (read != loaded + quarantined || loaded != added + updated + unchanged + superseded) {
      throw new IllegalStateException(
          "row accounting does not add up for " + file + ": read " + read + ", loaded " + loaded
              + " (" + added + " added, " + updated + " updated, " + unchanged + " unchanged, " + superseded + " superseded), quarantined "
              + quarantined);
    }
  }

  /** The same report under another name for its file (e.g. as uploaded rather than the server's copy). */
  /** Ends the kind of the rows of reps or accounts a file names by name ("HubSpot deals export, reps by name"). */
  static final String BY_NAME = " by name";

  /** Ends the kind of the rows of reps or accounts a file names by id, made when the workspace has none yet. */
  static final String REFERENCED = " referenced";

  /** Whether these are rows of reps or accounts the file names, matched or created, rather than the file's own rows. */
  public boolean named() {
    return named(kind);
  }

  static boolean named(String kind) {
    return kind != null && (kind.endsWith(BY_NAME) || kind.endsWith(REFERENCED));
  }

  public FileReport withFile(String name) {
    return new FileReport(name, table, read, loaded, added, updated, unchanged, quarantined, released, ignoredColumns, kind, skipped,
        superseded);
  }
}

package io.kompass.engine.ingest;

import io.kompass.engine.model.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the rows of one canonical table come from in one import: a FROM clause and, per canonical
 * column, a SQL expression giving its raw text. Canonical CSV files, vendor presets and mapping
 * files all become sources, so every row goes through the same checks, quarantine and merge.
 *
 * @param label the file as shown in reports and in the quarantine (its name)
 * @param path the file read, for progress and sizes
 * @param kind what the file was recognised as (e.g. "HubSpot deals export"), or {@code null} for a canonical file
 * @param table the canonical table loaded
 * @param from the FROM clause; the source's own columns are reachable through the alias {@code src}
 * @param raw canonical column name to a SQL expression that yields its text, or NULL; missing columns are NULL
 * @param sourceSystem SQL expression for each row's source system
 * @param where a SQL condition selecting the rows of this table, or {@code null} for all rows
 * @param distinct whether equal mapped rows collapse into one (a table derived from repeated values)
 * @param lines how a row's line number in the file is known
 * @param rejects the table holding the rows the CSV reader could not split, or {@code null}
 * @param reportsRejects whether this source's report and quarantine account for those rows
 * @param shown the values that show a bad row as read: label to SQL expression over the source
 * @param formats how dates and numbers are written
 * @param lineOffset added to line numbers (title rows above the header in a spreadsheet)
 * @param ignoredColumns header columns the load does not use
 * @param byNames references given by name, each joined only when it has to be (see {@link ByName})
 * @param known for rows created by name (reps and accounts named in an export): a query counting the names the file
 *     has that already have their row, which this source does not write again; reported as read and unchanged, so
 *     that a file imported again reads as many rows as the first time. Null for other sources.
 * @param reread for {@link Lines#ORDER}: a FROM item (aliased {@code src}) reading the same rows of the file again, in
 *     file order and without recording the reader's rejects, to find the lines of bad rows (see {@code TableLoader}); null
 *     otherwise
 * @param removals a query of the ids of stored rows the file marks as removed (see the mapping's {@code remove_when}),
 *     which the import deletes; null for most sources
 * @param statusColumn the file's own column for a deal's status (open, won or lost), when the status is not read from
 *     its stage (Pipedrive's "Deal - Status", a canonical file's "status"); null otherwise. A stage given with --stage
 *     then only sets the status of rows without one.
 */
record Source(
    String label,
    Path path,
    String kind,
    Table table,
    String from,
    Map<String, String> raw,
    String sourceSystem,
    String where,
    boolean distinct,
    Lines lines,
    String rejects,
    boolean reportsRejects,
    List<Map.Entry<String, String>> shown,
    Formats formats,
    long lineOffset,
    List<String> ignoredColumns,
    List<ByName> byNames,
    String known,
    String reread,
    String removals,
    String statusColumn) {

  /**
   * A reference given by name (an owner, a company). Its id is {@code alias.id} from a join on the
   * names of the referenced table. When every name of the file already has the row whose id is
   * derived from it ({@code pure}) and no other row shares its name, the join gives the same ids:
   * then the join is left out, which makes a large export markedly faster to check.
   *
   * @param alias the join's alias; {@code raw} refers to {@code alias.id}
   * @param join the LEFT JOIN clause
   * @param pure the id derived from the name alone
   * @param joinNeeded a query counting the names for which the join is needed
   */
  record ByName(String alias, String join, String pure, String joinNeeded) {}

  /** How line numbers are found. */
  enum Lines {
    /** The check table keeps the file's order: a row's index is its position. */
    ORDER,
    /** The source has a column {@code _idx} with the 0-based index of the data row. */
    INDEX,
    /** The rows are derived from several lines (distinct values); line 0 is recorded. */
    NONE
  }

  Source {
    raw = Map.copyOf(raw);
    shown = List.copyOf(shown);
    ignoredColumns = List.copyOf(ignoredColumns);
    byNames = List.copyOf(byNames);
  }

  Source(String label, Path path, String kind, Table table, String from, Map<String, String> raw, String sourceSystem, String where,
      boolean distinct, Lines lines, String rejects, boolean reportsRejects, List<Map.Entry<String, String>> shown, Formats formats,
      long lineOffset, List<String> ignoredColumns) {
    this(label, path, kind, table, from, raw, sourceSystem, where, distinct, lines, rejects, reportsRejects, shown, formats, lineOffset,
        ignoredColumns, List.of(), null, null, null, null);
  }
}

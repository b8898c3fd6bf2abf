package io.kompass.engine.ingest;

import static io.kompass.engine.ingest.Sql.ident;
import static io.kompass.engine.ingest.Sql.lit;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.RowRule;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads one {@link Source} (a canonical CSV file, an export through its preset, or a mapped file)
 * into its table inside the batch's transaction: compute each column's raw text from the file in
 * SQL, parse and check all rows in one pass, quarantine the bad rows with their line and the row as
 * read, and merge the good ones by key (unchanged rows are left alone).
 */
final class TableLoader {

  /** Why a row with more fields than the header is quarantined. */
  static final String MORE_FIELDS = "row has more fields than the header; a value containing the separator must be in double quotes";

  /** Separates problem messages inside the database; shown as "; ". */
  static final String SEP = "\u001f";

  private final Table table;
  private final Source source;
  private final String tmp;
  private final ColumnChecks checks;
  private boolean hasDuplicates;
  /** The by-name references that need their join in this run (all of them until {@link #check} decides). */
  private final java.util.Set<String> joined = new java.util.HashSet<>();
  private boolean checkedOnce;
  private Boolean tableEmpty;
  /** Whether a deal without a lead takes the lead converted into it (some leads name their deal). */
  private boolean linkConvertedLeads;

  /** Where the file's records stop being on line index + 2 (see {@link InputFile#lineShifts}), or null. */
  private final String lineShifts;

  /** A table of the ids that later files of the same import loaded into this table, or null (see {@link #supersededBy}). */
  private String laterIds;

  TableLoader(Source source, Settings settings, int seq, String lineShifts) {
    this.lineShifts = lineShifts;
    this.table = source.table();
    this.source = source;
    this.tmp = "kompass_" + seq;
    this.checks = new ColumnChecks(table, settings, source.formats());
  }

  Source source() {
    return source;
  }

  /**
   * Makes the rows whose id a later file of the same import loaded (it is loaded first, see {@code
   * CanonicalImport.laterFilesFirst}) pass through without being written: the later file's version is the
   * one stored, and an import of both files again changes nothing (the earlier file would otherwise write
   * its version, and the later one its own, each time).
   *
   * @param laterIds a table with one column {@code id}
   */
  void supersededBy(String laterIds) {
    this.laterIds = laterIds;
  }

  /** The key expression of a source's rows as read, for {@link #supersededBy}; null when the table has no single id. */
  static String idOf(Source s) {
    String id = s.raw().get("id");
    return s.table().hasIdKey() && s.table().key().size() == 1 && id != null && !id.contains("_byname") ? id : null;
  }

  /** Whether some stored lead records the deal it was converted into (Salesforce Lead extracts do). */
  static boolean leadsNameTheirDeals(Connection c) throws SQLException {
    return scalar(c, "SELECT count(*) FROM (SELECT 1 FROM leads WHERE converted_deal_id IS NOT NULL LIMIT 1)") > 0;
  }

  /** Result of the check pass, before merging. */
  /**
   * What a check found.
   *
   * @param skipped rows of the file that the load's {@code where} leaves out (not read, so not in {@code read})
   */
  record Checked(long read, long valid, long rejectedLines, long skipped) {}

  /** Reads and checks the file into a temporary table; nothing is written to the workspace yet. */
  Checked check(Connection c) throws SQLException {
    joined.clear();
    checkedOnce = true;
    for (Source.ByName b : source.byNames()) {
      if (scalar(c, b.joinNeeded()) > 0) {
        joined.add(b.alias());
      }
    }
    linkConvertedLeads = table.name().equals("deals") && leadsNameTheirDeals(c);
    exec(c, checkSql());
    findDuplicateKeys(c);
    long valid = scalar(c, "SELECT count(*) FROM " + validRows() + " v");
    long rows = scalar(c, "SELECT count(*) FROM " + tmp + "_chk");
    long rejected = rejectedLines(c);
    return new Checked(rows + rejected, valid, rejected, skippedRows(c));
  }

  /** Rows of the file that the load's {@code where} leaves out; rows of the wrong shape are read (and quarantined) instead. */
  private long skippedRows(Connection c) throws SQLException {
    if (source.where() == null || source.where().equals(Sources.STAGE_DATE_GIVEN)) {
      return 0;
    }
    boolean fileRows = source.lines() != Source.Lines.NONE;
    return scalar(c, "SELECT count(*) FROM " + source.from() + " WHERE " + (fileRows ? "src._kompass_shape IS NULL AND " : "")
        + "NOT coalesce((" + source.where() + "), false)");
  }

  /** Rows of the file the CSV reader could not split, when this source accounts for them. */
  private long rejectedLines(Connection c) throws SQLException {
    if (source.rejects() == null || !source.reportsRejects()) {
      return 0;
    }
    return scalar(c, "SELECT count(DISTINCT line) FROM " + source.rejects());
  }

  /** Up to {@code limit} rows that would load, as text, in the order of the table's columns. */
  List<List<String>> preview(Connection c, int limit) throws SQLException {
    String cols = table.columns().stream().map(col -> "CAST(v." + col.name() + " AS VARCHAR)").collect(Collectors.joining(", "));
    List<List<String>> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + cols + " FROM " + validRows() + " v"
            + (source.lines() == Source.Lines.INDEX ? " ORDER BY v._idx" : "") + " LIMIT " + limit)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= table.columns().size(); i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  String checkSql() {
    List<String> rawCols = new ArrayList<>();
    List<String> parsedCols = new ArrayList<>();
    List<String> problemExprs = new ArrayList<>();
    String from = source.from();
    Map<String, String> pure = new java.util.HashMap<>();
    for (Source.ByName b : source.byNames()) {
      if (joined.contains(b.alias()) || !checkedOnce) {
        from += b.join();
      } else {
        pure.put(b.alias() + ".id", b.pure());
      }
    }
    for (Column col : table.columns()) {
      String rawText = source.raw().getOrDefault(col.name(), "CAST(NULL AS VARCHAR)");
      if (pure.containsKey(rawText)) {
        rawText = pure.get(rawText);
      }
      if (linkConvertedLeads && col.name().equals("lead_id")) {
        // A deal that names no lead gets the lead recorded as converted into it (Salesforce Lead extracts).
        rawText = "coalesce(" + rawText + ", (SELECT min(l.id) FROM leads l WHERE l.converted_deal_id = "
            + source.raw().getOrDefault("id", "NULL") + "))";
      }
      if (col.defaultValue() != null) {
        rawText = "coalesce(" + rawText + ", " + lit(col.defaultValue()) + ")";
      }
      rawCols.add(rawText + " AS " + ColumnChecks.raw(col));
      parsedCols.add(checks.parsed(col) + " AS " + col.name());
      problemExprs.addAll(checks.checks(col));
    }
    rawCols.add(source.sourceSystem() + " AS source_system");
    // Rows of a file say whether they have as many fields as the header (see InputFile.readCsv); one that does not is
    // quarantined for that alone, shown as written, since its values sit in the wrong columns.
    boolean fileRows = source.lines() != Source.Lines.NONE;
    rawCols.add((fileRows ? "src._kompass_shape" : "CAST(NULL AS VARCHAR)") + " AS _shape");
    rawCols.add((fileRows ? "src._kompass_row" : "CAST(NULL AS VARCHAR)") + " AS _row");
    boolean hashed = source.lines() == Source.Lines.ORDER && source.reread() != null;
    if (hashed) {
      // The row as read, to find its line (see badRows): the check table does not keep the file's order.
      rawCols.add("hash(src) AS _h");
    }
    for (RowRule rule : CanonicalModel.rowRules(table.name())) {
      // A field whose text could not be read is reported by its own check; a rule seeing it empty would say so twice.
      String unread = table.column(rule.field()).map(c -> " AND NOT (" + ColumnChecks.raw(c) + " IS NOT NULL AND parsed_rows." + c.name()
          + " IS NULL)").orElse("");
      problemExprs.add(ColumnChecks.when("(" + rule.failsWhen() + ")" + unread, rule.field() + ": " + rule.reason()));
    }
    boolean index = source.lines() == Source.Lines.INDEX;
    List<String> carried = new ArrayList<>();
    List<String> shownParts = new ArrayList<>();
    List<Map.Entry<String, String>> shown = source.shown();
    if (source.distinct()) {
      shown = table.columns().stream()
          .filter(col -> source.raw().containsKey(col.name()))
          .map(col -> Map.entry(col.name(), ColumnChecks.raw(col)))
          .toList();
    }
    for (Map.Entry<String, String> e : shown) {
      String expr = e.getValue();
      if (!expr.startsWith("_r_")) {
        String alias = "_s" + carried.size();
        rawCols.add(expr + " AS " + alias);
        carried.add(alias);
        expr = alias;
      }
      shownParts.add(lit(e.getKey() + "=") + " || coalesce(" + expr + ", '')");
    }
    String rawText = "concat_ws(', ', " + String.join(", ", shownParts) + ")";
    if (shownParts.isEmpty()) {
      rawText = "CAST(NULL AS VARCHAR)";
    }
    String rawNames = table.columns().stream().map(ColumnChecks::raw).collect(Collectors.joining(", "));
    String extra = ", _shape, _row" + (index ? ", _idx" : "") + (hashed ? ", _h" : "") + carried.stream().map(a -> ", " + a).collect(Collectors.joining());
    String columns = table.columns().stream().map(col -> {
      String at = CanonicalModel.sameDayAsDate(table.name(), col.name());
      // A date alone on the day of the row's creation (closed the day it was created) is stored as at its creation.
      return at == null ? col.name() : "CASE WHEN " + col.name() + " < " + at + " THEN " + at + " ELSE " + col.name() + " END AS " + col.name();
    }).collect(Collectors.joining(", "));
    // A row of the wrong shape is quarantined once per file, by the source that also reports the rows the reader
    // rejected (the file's first load), whatever that load's filter says; every other load of the file leaves it out.
    String where = source.where();
    boolean reportsShape = fileRows && source.reportsRejects();
    if (fileRows) {
      where = reportsShape
          ? (where == null ? null : "(src._kompass_shape IS NOT NULL OR (" + where + "))")
          : "src._kompass_shape IS NULL" + (where == null ? "" : " AND (" + where + ")");
    }
    String inner =
        "SELECT " + String.join(",\n        ", rawCols) + (index ? ",\n        src._idx AS _idx" : "") + "\n"
            + "      FROM " + from
            + (where == null ? "" : "\n      WHERE " + where);
    if (source.distinct()) {
      // Equal rows collapse into one; rows of the wrong shape stay single, to be quarantined.
      String grouped = "SELECT " + rawNames + ", source_system, CAST(NULL AS VARCHAR) AS _shape, CAST(NULL AS VARCHAR) AS _row"
          + (index ? ", min(_idx) AS _idx" : "") + " FROM (" + inner + ") d WHERE _shape IS NULL AND "
          + table.key().stream().map(k -> "_r_" + k + " IS NOT NULL").collect(Collectors.joining(" AND "))
          + " GROUP BY ALL";
      inner = !reportsShape ? grouped
          : grouped + " UNION ALL SELECT " + rawNames + ", source_system, _shape, _row" + (index ? ", _idx" : "") + " FROM (" + inner
              + ") d WHERE _shape IS NOT NULL";
    }
    return "CREATE TEMP TABLE " + tmp + "_chk AS\n"
        + "SELECT " + columns + ", source_system, problems" + (index ? ", _idx" : "") + (hashed ? ", _h" : "") + ",\n"
        + "  CASE WHEN problems <> '' THEN coalesce(_row, " + rawText + ") END AS raw\n"
        + "FROM (\n"
        + "  SELECT *, coalesce(_shape, concat_ws(" + lit(SEP) + ",\n    " + String.join(",\n    ", problemExprs) + ")) AS problems\n"
        + "  FROM (\n"
        + "    SELECT " + rawNames + ", source_system" + extra + ",\n      " + String.join(",\n      ", parsedCols) + "\n"
        + "    FROM (\n"
        + "      " + inner + "\n"
        + "    ) raw_rows\n"
        + "  ) parsed_rows\n"
        + ") checked_rows";
  }

  private String keyMatch(String left, String right) {
    return table.key().stream().map(k -> left + "." + k + " = " + right + "." + k).collect(Collectors.joining(" AND "));
  }

  private String keyText(String alias) {
    return table.key().size() == 1
        ? "CAST(" + alias + "." + table.key().get(0) + " AS VARCHAR)"
        : "concat_ws('|', " + table.key().stream().map(k -> "CAST(" + alias + "." + k + " AS VARCHAR)").collect(Collectors.joining(", ")) + ")";
  }

  /**
   * Finds keys that occur more than once among otherwise good rows. All their rows are quarantined:
   * there is no telling which one is right. (Rows are not updated in place: that would renumber
   * them, and their order is what gives each row its line number.)
   */
  private void findDuplicateKeys(Connection c) throws SQLException {
    String keys = String.join(", ", table.key());
    exec(c, "CREATE TEMP TABLE " + tmp + "_dup AS SELECT " + keys + ", count(*) AS n FROM " + tmp
        + "_chk WHERE problems = '' GROUP BY " + keys + " HAVING count(*) > 1");
    hasDuplicates = scalar(c, "SELECT count(*) FROM " + tmp + "_dup") > 0;
  }

  /** The rows that load: no problem and a key that occurs once. */
  private String validRows() {
    return hasDuplicates
        ? "(SELECT ch.* FROM " + tmp + "_chk ch WHERE ch.problems = '' AND NOT EXISTS (SELECT 1 FROM " + tmp + "_dup d WHERE "
            + keyMatch("ch", "d") + "))"
        : "(SELECT * FROM " + tmp + "_chk WHERE problems = '')";
  }

  /** The valid rows that this file writes: all of them, less those a later file of the import holds. */
  private String writtenRows() {
    return laterIds == null ? validRows()
        : "(SELECT w.* FROM " + validRows() + " w WHERE NOT EXISTS (SELECT 1 FROM " + laterIds + " l WHERE l.id = w.id))";
  }

  /** The rows that are quarantined, with their line, problems and raw text. */
  private String badRows(Connection c) throws SQLException {
    String what = table.hasIdKey() ? "id" : String.join("+", table.key());
    String rawFromParsed =
        "concat_ws(', ', " + table.columns().stream()
            .map(col -> lit(col.name() + "=") + " || coalesce(CAST(ch." + col.name() + " AS VARCHAR), '')")
            .collect(Collectors.joining(", ")) + ")";
    boolean byIndex = source.lines() == Source.Lines.INDEX;
    String index = byIndex ? "ch._idx" : indexOfBadRows(c);
    String records = byIndex ? "(SELECT coalesce(max(_idx) + 1, 0) FROM " + tmp + "_chk)" : "(SELECT count(*) FROM " + tmp + "_chk)";
    // A record's line is its index + 2, plus the empty lines and line breaks inside values before it (lineShifts). The
    // check table holds the records the reader could split, so when it rejected some, the table's n-th row is the n-th
    // record whose line is not among the rejected ones.
    boolean rejected = source.rejects() != null && rejectedLines(c) > 0;
    String line = index + " + 2";
    if (rejected || lineShifts != null) {
      String all = rejected ? records + " + (SELECT count(DISTINCT line) FROM " + source.rejects() + ")" : records;
      String lines = "SELECT t.i, t.i + 2" + (lineShifts == null ? "" : " + coalesce(v.s, 0)") + " AS p FROM range(0, " + all + ") t(i)"
          + (lineShifts == null ? "" : " ASOF LEFT JOIN " + lineShifts + " v ON t.i >= v.i");
      line = "(SELECT m.p FROM (SELECT p, row_number() OVER (ORDER BY i) - 1 AS r FROM (" + lines + ")"
          + (rejected ? " WHERE p NOT IN (SELECT line FROM " + source.rejects() + ")" : "") + ") m WHERE m.r = " + index + ")";
    }
    if (source.lines() == Source.Lines.NONE) {
      line = "0";
    } else if (source.lineOffset() != 0) {
      line = "(" + line + ") + " + source.lineOffset();
    }
    String problems = "ch.problems";
    String raw = "ch.raw";
    String dupJoin = "";
    String where = "ch.problems <> ''";
    // A bad row whose record a later file of the import loaded is left to that file, like a good one.
    String laterLoaded = laterIds == null ? "" : " AND NOT EXISTS (SELECT 1 FROM " + laterIds + " l WHERE l.id = ch.id)";
    if (hasDuplicates) {
      problems = "CASE WHEN ch.problems = '' THEN " + lit(table.key().get(0) + ": " + what + " '") + " || " + keyText("ch")
          + " || ''' appears ' || d.n || ' times in this file; keep one row per " + what + "' ELSE ch.problems END";
      raw = "CASE WHEN ch.problems = '' THEN " + rawFromParsed + " ELSE ch.raw END";
      dupJoin = " LEFT JOIN " + tmp + "_dup d ON " + keyMatch("ch", "d");
      where = "(ch.problems <> '' OR d.n IS NOT NULL)";
    }
    return "(SELECT " + line + " AS line, " + keyText("ch") + " AS record_id, " + problems + " AS problems, " + raw
        + " AS raw FROM " + tmp + "_chk ch" + dupJoin + " WHERE " + where + laterLoaded + ")";
  }

  /**
   * The 0-based index among the file's readable rows of each bad row of the check table ({@code ch}), for a source read
   * in file order. The check table does not keep that order: its statement joins the rows to other tables (references,
   * currencies), and then DuckDB may store them in another order, more so on a busy machine. So when some rows are bad,
   * the file is read once more, in order and with nothing joined, into a table of each row's hash; a bad row's index is
   * the position of its hash there. Rows alike as read are alike in every way, so among equal hashes they take the
   * positions in turn.
   */
  private String indexOfBadRows(Connection c) throws SQLException {
    String bad = badRow();
    String stored = "ch.rowid - (SELECT min(rowid) FROM " + tmp + "_chk)";
    if (source.reread() == null || scalar(c, "SELECT count(*) FROM " + tmp + "_chk ch WHERE " + bad) == 0) {
      return stored;
    }
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_pos");
    exec(c, "CREATE TEMP TABLE " + tmp + "_pos AS SELECT hash(src) AS h FROM " + source.reread());
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_bidx");
    exec(c, "CREATE TEMP TABLE " + tmp + "_bidx AS SELECT b.rid, p.idx FROM"
        + " (SELECT ch.rowid AS rid, ch._h, row_number() OVER (PARTITION BY ch._h ORDER BY ch.rowid) AS k FROM " + tmp + "_chk ch WHERE " + bad + ") b"
        + " JOIN (SELECT h, rowid - (SELECT min(rowid) FROM " + tmp + "_pos) AS idx, row_number() OVER (PARTITION BY h ORDER BY rowid) AS k"
        + " FROM " + tmp + "_pos WHERE h IN (SELECT ch._h FROM " + tmp + "_chk ch WHERE " + bad + ")) p ON p.h = b._h AND p.k = b.k");
    return "coalesce((SELECT x.idx FROM " + tmp + "_bidx x WHERE x.rid = ch.rowid), " + stored + ")";
  }

  /** A check-table row {@code ch} that is quarantined: it has a problem, or its key is twice in the file. */
  private String badRow() {
    return hasDuplicates
        ? "(ch.problems <> '' OR EXISTS (SELECT 1 FROM " + tmp + "_dup d WHERE " + keyMatch("ch", "d") + "))"
        : "ch.problems <> ''";
  }

  /** Bad rows (a problem, or a key twice in the file) whose record a later file of the import loaded: not quarantined. */
  long badButSuperseded(Connection c) throws SQLException {
    if (laterIds == null) {
      return 0;
    }
    String bad = badRow();
    return scalar(c, "SELECT count(*) FROM " + tmp + "_chk ch WHERE " + bad + " AND EXISTS (SELECT 1 FROM " + laterIds + " l WHERE l.id = ch.id)");
  }

  /** Counts of a merge. */
  record Merged(long added, long updated, long unchanged, long superseded) {}

  /**
   * Merges the valid rows into the table: rows equal to the stored row are left alone, changed
   * rows replace it, new keys are added. The keys of the rows written are kept for {@link
   * #collectWritten}; into an empty table every valid row is written without comparing.
   */
  Merged merge(Connection c) throws SQLException {
    String valid = writtenRows();
    long superseded = laterIds == null ? 0 : scalar(c, "SELECT count(*) FROM " + validRows() + " v") - scalar(c, "SELECT count(*) FROM " + valid + " v");
    List<String> cols = storedColumns();
    String targetCols = String.join(", ", cols);
    String selectCols = cols.stream().map(col -> "v." + col).collect(Collectors.joining(", "));
    // Rows of a stage-history file are recorded history, not inferred.
    String bookkeeping = table.name().equals("deal_stage_history") ? ", false" : "";
    if (!bookkeeping.isEmpty()) {
      targetCols += ", inferred";
    }
    selectCols += bookkeeping;
    String insert = "INSERT INTO " + table.name() + " (" + targetCols + ") SELECT " + selectCols + " FROM " + valid + " v";
    List<String> kept = keptColumns();
    if (tableEmpty(c)) {
      long inserted = update(c, insert);
      return new Merged(inserted, 0, 0, superseded);
    }
    // New and changed rows, compared column by column once; the delete and the insert use their keys.
    // A left join on the key with the comparison after it: about three times faster than NOT EXISTS
    // with the comparison in the join condition (0.7 s against 2.2 s for 1 M unchanged deals).
    String keys = table.key().stream().map(k -> "v." + k).collect(Collectors.joining(", "));
    // A column the file does not have keeps its stored values (kept below), and is not compared.
    String keptCols = kept.stream().map(col -> ", t." + col + " AS _kept_" + col).collect(Collectors.joining());
    exec(c, "CREATE TEMP TABLE " + tmp + "_new AS SELECT " + keys + (kept.isEmpty() ? "" : ", t.rowid IS NOT NULL AS _stored" + keptCols)
        + " FROM " + valid + " v LEFT JOIN " + table.name() + " t ON " + keyMatch("v", "t") + " WHERE t.rowid IS NULL OR NOT (" + sameAsStored(kept) + ")");
    long updated = update(c, "DELETE FROM " + table.name() + " t WHERE EXISTS (SELECT 1 FROM " + tmp + "_new k WHERE " + keyMatch("k", "t") + ")");
    long inserted;
    if (kept.isEmpty()) {
      inserted = update(c, insert + " WHERE EXISTS (SELECT 1 FROM " + tmp + "_new k WHERE " + keyMatch("v", "k") + ")");
    } else {
      String merged = cols.stream().map(col -> kept.contains(col) ? "CASE WHEN k._stored THEN k._kept_" + col + " ELSE v." + col + " END" : "v." + col)
          .collect(Collectors.joining(", ")) + bookkeeping;
      inserted = update(c, "INSERT INTO " + table.name() + " (" + targetCols + ") SELECT " + merged + " FROM " + valid + " v JOIN " + tmp + "_new k ON "
          + keyMatch("v", "k"));
    }
    long valids = scalar(c, "SELECT count(*) FROM " + valid + " v");
    return new Merged(inserted - updated, updated, valids - inserted, superseded);
  }

  /**
   * What to say when this file reopens stored won or lost deals, or null when it reopens none. It happens in a CRM, but
   * more often an earlier import marked a custom closing stage won with --stage and this one did not: the deals would
   * count as open again, with a change back to open in their history.
   */
  String reopenedDeals(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), string_agg(DISTINCT v.stage, ''', ''' ORDER BY v.stage) FROM " + writtenRows()
            + " v JOIN deals d ON d.id = v.id WHERE v.status = 'open' AND d.status IN ('won', 'lost')")) {
      rs.next();
      long n = rs.getLong(1);
      if (n == 0) {
        return null;
      }
      if (source.statusColumn() != null) {
        // The file says so in a status column of its own: no stage can mean it (Pipedrive keeps a lost deal's stage).
        return n + (n == 1 ? " deal" : " deals") + " stored as won or lost " + (n == 1 ? "is" : "are") + " open in this file (column '"
            + source.statusColumn() + "'): reopened in the CRM, or the file is older than one imported before. " + (n == 1 ? "It is" : "They are")
            + " open from now on; to go back, import the newer file again";
      }
      return n + (n == 1 ? " deal" : " deals") + " stored as won or lost " + (n == 1 ? "is" : "are") + " open in this file (stage '"
          + rs.getString(2) + "'); if the stage means won or lost, say so with --stage (later imports remember it)";
    }
  }

  /**
   * Records stage changes of stored deals that this file reveals, before the deals are replaced.
   *
   * @return how many deals are seen in an open stage at a time before a change already recorded for them
   */
  long recordObservedStageChanges(Connection c, java.time.LocalDateTime observedAt) throws SQLException {
    // A change is dated when it was seen, a close at the deal's close; either comes a second after a change already
    // recorded when that is later (a won Salesforce deal keeps an old CloseDate; an export given an older --exported
    // time), else the deal would be back in its earlier stage from that change on. Only the changed deals' history is read.
    String at = "CASE WHEN v.status <> 'open' AND v.closed_at IS NOT NULL THEN v.closed_at ELSE CAST(? AS TIMESTAMP) END";
    String chg = tmp + "_chg";
    exec(c, "CREATE TEMP TABLE " + chg + " AS SELECT v.id, v.source_system, v.stage, v.status, v.pipeline, v.closed_at,"
        + " CAST(NULL AS TIMESTAMP) AS last_at FROM " + writtenRows() + " v JOIN deals d ON d.id = v.id WHERE v.stage <> d.stage OR v.status <> d.status");
    exec(c, "UPDATE " + chg + " SET last_at = l.at FROM (SELECT deal_id, max(entered_at) AS at FROM deal_stage_history WHERE NOT inferred"
        + " AND deal_id IN (SELECT id FROM " + chg + ") GROUP BY deal_id) l WHERE l.deal_id = " + chg + ".id");
    // Open stages seen at a time before a change already recorded: the export is most likely older than one imported before.
    long earlier;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + chg + " v WHERE v.status = 'open' AND v.last_at IS NOT NULL AND "
        + at + " <= v.last_at")) {
      ps.setObject(1, observedAt);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        earlier = rs.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, pipeline)"
            + " SELECT v.id, v.source_system, v.stage, v.status, CASE WHEN v.last_at IS NULL OR " + at + " > v.last_at THEN " + at
            + " ELSE v.last_at + INTERVAL 1 SECOND END, false, v.pipeline FROM " + chg + " v")) {
      ps.setObject(1, observedAt);
      ps.setObject(2, observedAt);
      ps.executeUpdate();
    }
    exec(c, "DROP TABLE " + chg);
    return earlier;
  }


  /** The columns a merge writes and compares: the table's columns and source_system. */
  private List<String> storedColumns() {
    List<String> cols = new ArrayList<>(table.columns().stream().map(Column::name).toList());
    cols.add("source_system");
    return cols;
  }

  /** A valid row {@code v} equal to the stored row {@code t}, column by column, leaving out the kept columns. */
  private String sameAsStored(List<String> kept) {
    return storedColumns().stream().filter(col -> !kept.contains(col)).map(col -> "v." + col + " IS NOT DISTINCT FROM t." + col)
        .collect(Collectors.joining(" AND "));
  }

  /**
   * The columns whose stored values a row of this file keeps: those the file does not have at all (a re-export with
   * fewer columns clears nothing; an empty field in a column it has does). Not a key, a required column or one with a
   * default, and not one checked together with a column the file has (a stored ended_at with a new started_at could
   * make a rep leave before starting). A stage history row keeps only its amount and currency (a history file without
   * them, after one with them).
   */
  List<String> keptColumns() {
    if (table.name().equals("deal_stage_history")) {
      return source.raw().containsKey("amount") || source.raw().containsKey("currency") ? List.of() : List.of("amount", "currency");
    }
    List<String> absent = table.columns().stream()
        .filter(col -> !source.raw().containsKey(col.name()) && !col.required() && col.defaultValue() == null && !table.key().contains(col.name()))
        .map(Column::name).toList();
    List<RowRule> rules = CanonicalModel.rowRules(table.name());
    return absent.stream().filter(col -> rules.stream().filter(r -> columnsOf(r).contains(col)).allMatch(r -> absent.containsAll(columnsOf(r))))
        .toList();
  }

  /** The table's columns a row rule looks at. */
  private List<String> columnsOf(RowRule r) {
    return table.columns().stream().map(Column::name)
        .filter(n -> n.equals(r.field()) || java.util.regex.Pattern.compile("\\b" + n + "\\b").matcher(r.failsWhen()).find()).toList();
  }

  /**
   * Appends columns of the rows the {@link #merge} wrote (new or changed, not the unchanged ones)
   * to a temporary table: e.g. the deals whose inferred history must be built again.
   */
  void collectWritten(Connection c, String columns, String into) throws SQLException {
    exec(c, "INSERT INTO " + into + " SELECT " + columns + " FROM " + writtenRows() + " v"
        + (tableEmpty(c) ? "" : " WHERE EXISTS (SELECT 1 FROM " + tmp + "_new k WHERE " + keyMatch("v", "k") + ")"));
  }

  /**
   * Whether the table was empty before this source wrote to it (a first import), so that merging
   * needs no comparison with stored rows. Asked by the merge before it writes, and remembered.
   */
  private boolean tableEmpty(Connection c) throws SQLException {
    if (tableEmpty == null) {
      tableEmpty = scalar(c, "SELECT count(*) FROM (SELECT 1 FROM " + table.name() + " LIMIT 1)") == 0;
    }
    return tableEmpty;
  }

  /** Appends the id and source system of every row of the file, loaded or quarantined, to a temporary table. */
  void collectEveryId(Connection c, String into) throws SQLException {
    exec(c, "INSERT INTO " + into + " SELECT id, source_system FROM " + tmp + "_chk WHERE id IS NOT NULL AND source_system IS NOT NULL");
  }

  /** Appends a column of this file's loaded rows to a temporary table (e.g. the deals whose history changed). */
  void collect(Connection c, String column, String into) throws SQLException {
    exec(c, "INSERT INTO " + into + " SELECT " + column + " FROM " + validRows() + " v");
  }


  /**
   * Removes history rows of the deals this history file names that the file no longer has. A canonical history file
   * speaks for the whole history of each deal it names. An export (a Salesforce OpportunityHistory extract, often one
   * of the changes since a date; HubSpot's "Date entered" columns) speaks for each deal's history from its first row to
   * its last: the rows before it stay, and so do the rows after it, which Kompass added for the deal's stage since then
   * (see CanonicalImport#closeRecordedHistory), so that importing the same export again changes nothing, unless they
   * only repeat the stage the file ends in.
   */
  long replaceHistoryOfNamedDeals(Connection c) throws SQLException {
    // The first row after the span, when it is in the stage the file ends in, only repeats it (the stage added before
    // the file dated it); rows after that are changes recorded since, and stay.
    String since = source.kind() == null ? ""
        : " AND (t.inferred OR EXISTS (SELECT 1 FROM (SELECT min(f.entered_at) AS first, max(f.entered_at) AS last,"
            + " arg_max(f.stage, f.entered_at) AS stage FROM " + validRows() + " f WHERE f.deal_id = t.deal_id) s"
            + " WHERE t.entered_at >= s.first AND (t.entered_at <= s.last OR t.stage = s.stage AND NOT EXISTS (SELECT 1 FROM"
            + " deal_stage_history o WHERE o.deal_id = t.deal_id AND NOT o.inferred AND o.entered_at > s.last AND o.entered_at < t.entered_at))))";
    return update(c, "DELETE FROM deal_stage_history t WHERE t.deal_id IN (SELECT deal_id FROM " + validRows()
        + " v) AND NOT EXISTS (SELECT 1 FROM " + validRows() + " v WHERE " + keyMatch("v", "t") + ")" + since);
  }

  /**
   * Writes this file's bad rows to the quarantine and drops the earlier entries the file fixed.
   *
   * @return the number of earlier entries released
   */
  long quarantine(Connection c, long importId) throws SQLException {
    String old = tmp + "_qold";
    String name = source.label();
    // This file speaks again for every record it holds, loaded or not: their earlier entries go (a bad row
    // comes back below). So do all entries an earlier import of this same file (by its path) left, such as a row
    // since deleted from it. Entries of another file of the same name (a monthly export in another folder) stay.
    String path = source.path() == null ? "" : source.path().toAbsolutePath().normalize().toString();
    // Entries a later file of this import wrote stay: its row of the record is the one that was refused, whatever an
    // earlier file holds (that file's version loads, as a stored version would stay, and the entry says so below).
    // A history file speaks for the whole history of each deal it names (see replaceHistoryOfNamedDeals), so the entries of
    // those deals go too: a row whose date could not be read has another key than its corrected row.
    String named = table.name().equals("deal_stage_history")
        ? " OR split_part(record_id, '|', 1) IN (SELECT deal_id FROM " + tmp + "_chk WHERE deal_id IS NOT NULL)" : "";
    String replaced = "(record_id IN (SELECT " + keyText("ch") + " FROM " + tmp + "_chk ch)" + named + " OR (file = ? AND import_id IN"
        + " (SELECT id FROM import_runs WHERE list_contains(string_split(files, chr(10)), ?)))) AND import_id <> " + importId;
    try (PreparedStatement ps =
        c.prepareStatement("CREATE TEMP TABLE " + old + " AS SELECT record_id, line FROM quarantine WHERE table_name = ? AND (" + replaced + ")")) {
      ps.setString(1, table.name());
      ps.setString(2, name);
      ps.setString(3, path);
      ps.execute();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM quarantine WHERE table_name = ? AND (" + replaced + ")")) {
      ps.setString(1, table.name());
      ps.setString(2, name);
      ps.setString(3, path);
      ps.executeUpdate();
    }
    // Before this file's own bad rows go in: every entry of this import for these records is a later file's.
    if (laterIds != null && table.hasIdKey()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE quarantine SET problems = replace(problems, " + lit(KEPT) + ", '') || ? WHERE table_name = ? AND import_id = ?"
          + " AND record_id IN (SELECT v.id FROM " + validRows() + " v) AND NOT contains(problems, ?)")) {
        String note = "; " + name + " of the same import holds an earlier version of this record, which is stored and counts in KPIs"
            + " until a corrected file replaces it";
        ps.setString(1, note);
        ps.setString(2, table.name());
        ps.setLong(3, importId);
        ps.setString(4, note);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO quarantine (import_id, table_name, file, line, record_id, field, reason, problems, raw)"
                + " SELECT ?, ?, ?, q.line, q.record_id, CASE WHEN q.problems = " + lit(MORE_FIELDS) + " THEN NULL ELSE split_part(q.problems, ':', 1) END,"
                + " split_part(q.problems, " + lit(SEP) + ", 1), replace(q.problems, " + lit(SEP) + ", '; ')" + keptNote() + ", q.raw FROM "
                + badRows(c) + " q")) {
      ps.setLong(1, importId);
      ps.setString(2, table.name());
      ps.setString(3, name);
      ps.executeUpdate();
    }
    if (source.rejects() != null && source.reportsRejects()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO quarantine (import_id, table_name, file, line, record_id, field, reason, problems, raw)"
                  // A short row gets one error per missing field: report the first (its real field count) once.
                  + " SELECT ?, ?, ?, line + " + source.lineOffset() + ", NULL, arg_min(column_name, column_idx),"
                  + " " + readerReason("arg_min(error_type, column_idx)", "arg_min(error_message, column_idx)") + ","
                  + " CASE WHEN bool_and(error_type = 'MISSING COLUMNS') THEN "
                  + readerReason("arg_min(error_type, column_idx)", "arg_min(error_message, column_idx)")
                  + " ELSE string_agg(" + readerReason("error_type", "error_message") + ", '; ') END,"
                  + " trim(min(csv_line), chr(10) || chr(13))"
                  + " FROM " + source.rejects() + " GROUP BY line")) {
        ps.setLong(1, importId);
        ps.setString(2, table.name());
        ps.setString(3, name);
        ps.executeUpdate();
      }
    }
    long released =
        scalar(c, "SELECT count(*) FROM " + old + " o WHERE NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.table_name = "
            + lit(table.name()) + " AND q.import_id = " + importId + " AND (q.record_id = o.record_id OR (o.record_id IS NULL AND q.line = o.line)))");
    exec(c, "DROP TABLE " + old);
    return released;
  }

  /**
   * For a row whose id already has a stored row (loaded by an earlier import), a note that the stored
   * version stays: a bad row replaces nothing, so its record keeps counting as it was until a
   * corrected file replaces it.
   */
  private String keptNote() {
    if (!table.hasIdKey()) {
      return "";
    }
    return " || CASE WHEN EXISTS (SELECT 1 FROM " + table.name() + " t WHERE t.id = q.record_id) THEN " + lit(KEPT) + " ELSE '' END";
  }

  /** Added to the problems of a quarantined row whose record has a version loaded earlier. */
  static final String KEPT = "; the version loaded earlier stays in the workspace and counts in KPIs until a corrected file replaces it";

  /** Turns the CSV reader's error types into sentences. */
  private static String readerReason(String type, String message) {
    return "CASE " + type
        + " WHEN 'MISSING COLUMNS' THEN 'row has fewer fields than the header (' || " + message + " || ')'"
        + " WHEN 'TOO MANY COLUMNS' THEN " + lit(MORE_FIELDS)
        + " WHEN 'UNQUOTED VALUE' THEN 'a double quote inside an unquoted value; quote the whole value and double the inner quotes'"
        + " WHEN 'INVALID UNICODE' THEN 'text is not valid UTF-8; save the file as UTF-8'"
        + " WHEN 'LINE SIZE OVER MAXIMUM' THEN 'row is longer than the 2 MB limit'"
        + " ELSE " + message + " END";
  }

  void dropTemporaryTables(Connection c) throws SQLException {
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_chk");
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_dup");
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_new");
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_pos");
    exec(c, "DROP TABLE IF EXISTS " + tmp + "_bidx");
    if (source.rejects() != null && source.rejects().startsWith(tmp + "_")) {
      exec(c, "DROP TABLE IF EXISTS " + source.rejects());
      exec(c, "DROP TABLE IF EXISTS " + source.rejects() + "scan");
    }
  }

  /** KOMPASS_SQL_TIMING=1 prints each import statement's time on stderr; =full also the statement. */
  static final boolean TIMING = System.getenv("KOMPASS_SQL_TIMING") != null;

  static void time(long t0, String sql) {
    if (TIMING && "full".equals(System.getenv("KOMPASS_SQL_TIMING"))) {
      System.err.println(sql + ";");
    }
    if (TIMING) {
      System.err.printf("%7.3fs %s%n", (System.nanoTime() - t0) / 1e9, sql.replaceAll("\\s+", " ").substring(0, Math.min(150, sql.replaceAll("\\s+", " ").length())));
    }
  }

  static void exec(Connection c, String sql) throws SQLException {
    long t0 = System.nanoTime();
    try (Statement s = c.createStatement()) {
      StatementWatch.running(c, s);
      s.execute(sql);
    } finally {
      StatementWatch.finished(c);
    }
    time(t0, sql);
  }

  static long update(Connection c, String sql) throws SQLException {
    long t0 = System.nanoTime();
    try (Statement s = c.createStatement()) {
      StatementWatch.running(c, s);
      return s.executeUpdate(sql);
    } finally {
      StatementWatch.finished(c);
      time(t0, sql);
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    long t0 = System.nanoTime();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } finally {
      time(t0, sql);
    }
  }

}

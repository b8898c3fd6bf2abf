package io.kompass.engine.ingest;

import static io.kompass.engine.ingest.Sql.ident;
import static io.kompass.engine.ingest.Sql.lit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A CSV or Excel file of a batch as DuckDB reads it: the CSV text (an Excel sheet is converted
 * first), its separator, encoding and header. A file that feeds several tables, or needs its line
 * numbers after filtering or joining, is read once into a temporary table.
 */
final class InputFile {

  final Path path;
  final Path csv;
  final String label;
  final char delimiter;
  final String encoding;
  final List<String> header;
  /** Spreadsheet rows above the header, added to line numbers. */
  final long lineOffset;
  final boolean excel;
  /**
   * What a pass over the bytes found: whether quoted values span lines (then DuckDB reads the file on
   * one thread, see {@link #readCsv}), whether every data line ends with the separator, whether lines
   * end with CR LF, and where records stop being on line index + 2 (see {@link #lineShifts}).
   */
  private final Layout layout;
  private final int seq;
  private boolean materialise;
  private int reads;
  /** Expressions whose distinct values (names of owners, companies, ...) are collected in one scan. */
  private final java.util.List<String> nameExprs = new java.util.ArrayList<>();

  private InputFile(Path path, Path csv, char delimiter, String encoding, List<String> header, long lineOffset, boolean excel,
      Layout layout, int seq) {
    this.path = path;
    this.csv = csv;
    this.label = path.getFileName().toString();
    this.delimiter = delimiter;
    this.encoding = encoding;
    this.header = List.copyOf(header);
    this.lineOffset = lineOffset;
    this.excel = excel;
    this.layout = layout;
    this.seq = seq;
    this.materialise = excel;
  }

  /** Opens a file; an Excel workbook is converted to CSV in {@code scratch}. */
  static InputFile open(Path path, Path scratch, int seq) {
    Path csv = path;
    long offset = 0;
    boolean excel = Xlsx.isExcel(path);
    if (excel) {
      try {
        Files.createDirectories(scratch);
      } catch (IOException e) {
        throw new ImportFailedException("cannot create a temporary folder " + scratch + ": " + e.getMessage(), e);
      }
      Xlsx.Converted converted = Xlsx.toCsv(path, scratch.resolve("sheet-" + seq + ".csv"));
      csv = converted.csv();
      offset = converted.headerRow() - 1;
    }
    String first = headerRecord(csv, path);
    char delimiter = CsvFile.guessDelimiter(first);
    Layout layout = layout(csv, path, (byte) delimiter);
    // A file written in Windows-1252 (Excel's "CSV" on Windows: Latin-1 with € – ’ and the like) is converted to UTF-8
    // and looked at again; DuckDB's own Latin-1 reading refuses those characters.
    if (!excel && layout.windows1252()) {
      csv = toUtf8(csv, scratch, seq, path);
      first = headerRecord(csv, path);
      delimiter = CsvFile.guessDelimiter(first);
      layout = layout(csv, path, (byte) delimiter);
    }
    List<String> header = CsvFile.split(first, delimiter).stream().map(String::strip).toList();
    return new InputFile(path, csv, delimiter, "utf-8", header, offset, excel, layout, seq);
  }

  /** The header record of a UTF-8 file, without a byte-order mark. */
  private static String headerRecord(Path csv, Path path) {
    String first;
    try (InputStream in = Files.newInputStream(csv);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      first = CsvFile.headerRecord(r);
    } catch (IOException e) {
      throw new ImportFailedException("cannot read " + path + ": " + e.getMessage(), e);
    }
    if (first == null || first.isBlank()) {
      throw new ImportFailedException(path + ": the file is empty; it must start with a header row (see docs/import.md)", "empty_file",
          List.of(String.valueOf(path.getFileName())));
    }
    return first.startsWith("\uFEFF") ? first.substring(1) : first;
  }

  /** Converts a Windows-1252 file to UTF-8 in {@code scratch}, for the reader. */
  private static Path toUtf8(Path csv, Path scratch, int seq, Path path) {
    Path out = scratch.resolve("utf8-" + seq + ".csv");
    try {
      Files.createDirectories(scratch);
      try (java.io.Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(csv), Charset.forName("windows-1252")), 1 << 16);
          java.io.Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        in.transferTo(w);
      }
    } catch (IOException e) {
      throw new ImportFailedException("cannot read " + path + " (not UTF-8; converting it from Windows-1252 failed): " + e.getMessage(), e);
    }
    return out;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long QUOTES = 0x0101010101010101L * '"';
  private static final long LINE_FEEDS = 0x0101010101010101L * '\n';

  /** The high bit of every byte of {@code v} that is zero, and no other bit. */
  private static long zeroBytes(long v) {
    return ~(((v & LOW7) + LOW7) | v | LOW7);
  }

  /**
   * What one pass over the file's bytes tells about its layout.
   *
   * @param quotedNewlines whether a double-quoted value contains a line break
   * @param trailingSeparator whether every data line, but not the header, ends with the separator (an exporter's habit,
   *     not a field too many)
   * @param crlf whether lines end with CR LF: told to the reader, which otherwise guesses from the header (wrongly when a
   *     name spans lines)
   * @param shifts pairs of (record index, lines to add to index + 2 from it on), after empty lines and values that span
   *     lines; empty for most files
   * @param windows1252 whether the file is Windows-1252 rather than UTF-8: it has bytes above ASCII that are not UTF-8,
   *     and none that are. A UTF-8 file with one stray byte stays UTF-8 (the reader quarantines that row, saying the text
   *     is not UTF-8); read as Windows-1252 it would garble every other accented letter.
   */
  record Layout(boolean quotedNewlines, boolean trailingSeparator, boolean crlf, List<long[]> shifts, boolean windows1252) {}

  /** Follows quotes and line feeds through the file; every other byte is looked at only when a line ends. */
  private static final class LayoutScan {
    final byte delimiter;
    boolean quoted;
    boolean spans;
    long lines;
    boolean headerTrails;
    boolean allTrail = true;
    long dataLines;
    boolean crlf;
    long offset; // of buf[0] in the file
    long lineStart; // offset of the first byte of the current line
    long physical = 1; // the file's line the scan is on
    long recordLine = 1; // the file's line where the current line (record) starts
    long shift; // the lines to add to a record's index + 2 to get its line
    final List<long[]> shifts = new java.util.ArrayList<>();
    byte before1; // the two bytes before buf[0]
    byte before2;
    long utf8; // characters above ASCII written as UTF-8
    long notUtf8; // bytes above ASCII that are not
    int pending; // continuation bytes still expected

    LayoutScan(byte delimiter) {
      this.delimiter = delimiter;
    }

    /**
     * Eight bytes at a time: only those that are a quote or a line feed are looked at, and the bytes of a word that has
     * one above ASCII (or follows one) are checked as UTF-8.
     */
    void chunk(byte[] buf, int n) {
      int i = 0;
      for (; i + 8 <= n; i += 8) {
        long w = (long) LONGS.get(buf, i);
        if (pending > 0 || (w & 0x8080808080808080L) != 0) {
          for (int k = i; k < i + 8; k++) {
            encoding(buf[k] & 0xFF);
          }
        }
        long marks = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ LINE_FEEDS);
        while (marks != 0) {
          at(buf, i + (Long.numberOfTrailingZeros(marks) >>> 3));
          marks &= marks - 1;
        }
      }
      for (; i < n; i++) {
        encoding(buf[i] & 0xFF);
        if (buf[i] == '"' || buf[i] == '\n') {
          at(buf, i);
        }
      }
      before2 = n > 1 ? buf[n - 2] : before1;
      before1 = buf[n - 1];
      offset += n;
    }

    /** Follows one byte through UTF-8's sequences. */
    private void encoding(int b) {
      if (pending > 0) {
        if ((b & 0xC0) == 0x80) {
          if (--pending == 0) {
            utf8++;
          }
          return;
        }
        notUtf8++;
        pending = 0;
      }
      if (b < 0x80) {
        return;
      }
      if (b >= 0xC2 && b <= 0xDF) {
        pending = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        pending = 2;
      } else if (b >= 0xF0 && b <= 0xF4) {
        pending = 3;
      } else {
        notUtf8++;
      }
    }

    private void at(byte[] buf, int i) {
      if (buf[i] == '"') {
        quoted = !quoted;
        return;
      }
      physical++;
      if (quoted) {
        spans = true;
        return;
      }
      byte prev = i > 0 ? buf[i - 1] : before1;
      boolean cr = prev == '\r';
      long contentEnd = offset + i - (cr ? 1 : 0); // exclusive
      byte last = cr ? (i > 1 ? buf[i - 2] : i == 1 ? before1 : before2) : prev;
      if (lines == 0) {
        headerTrails = last == delimiter;
        crlf = cr;
      } else if (contentEnd > lineStart) {
        record();
        allTrail &= last == delimiter;
      }
      lines++;
      lineStart = offset + i + 1;
      recordLine = physical;
    }

    /** A data record ends: note where its line stops following from its index. */
    private void record() {
      long s = recordLine - (dataLines + 2);
      if (s != shift) {
        shifts.add(new long[] {dataLines, s});
        shift = s;
      }
      dataLines++;
    }

    Layout end() {
      if (lines > 0 && offset > lineStart) {
        byte last = before1 == '\r' ? before2 : before1;
        record();
        allTrail &= last == delimiter;
      }
      return new Layout(spans, !headerTrails && dataLines > 0 && allTrail, crlf, List.copyOf(shifts),
          notUtf8 + (pending > 0 ? 1 : 0) > 0 && utf8 == 0);
    }
  }

  /**
   * Whether a double-quoted value contains a line break (DuckDB pads short rows only on one thread
   * when values span lines, so such a file is read on one thread; most files are not), whether
   * every non-empty data line ends with the separator while the header does not, and whether lines
   * end with CR LF.
   */
  private static Layout layout(Path csv, Path path, byte delimiter) {
    byte[] buf = new byte[1 << 20];
    LayoutScan scan = new LayoutScan(delimiter);
    try (InputStream in = Files.newInputStream(csv)) {
      for (int n = in.readNBytes(buf, 0, buf.length); n > 0; n = in.readNBytes(buf, 0, buf.length)) {
        scan.chunk(buf, n);
      }
    } catch (IOException e) {
      throw new ImportFailedException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return scan.end();
  }

  /**
   * The lines to add to a record's index + 2 to get its line in the file, as a table {@code (i, s)}
   * of the record indexes where that changes, or null when every record is on line index + 2.
   */
  String lineShifts() {
    if (layout.shifts().isEmpty()) {
      return null;
    }
    return "(SELECT * FROM (VALUES " + layout.shifts().stream().map(j -> "(" + j[0] + ", " + j[1] + ")").collect(Collectors.joining(", "))
        + ") v(i, s))";
  }

  /** Notes that one more table is loaded from this file. */
  void addRead() {
    reads++;
    if (reads > 1) {
      materialise = true;
    }
  }

  /** Reads this file once into a temporary table (needed for filters, joins and several tables). */
  void materialise() {
    materialise = true;
  }

  boolean materialised() {
    return materialise;
  }

  String table() {
    return "kompass_f" + seq;
  }

  String rejects() {
    return "kompass_f" + seq + "_rej";
  }

  /**
   * The file's rows as a subquery, one column per header column (empty fields are NULL) and two
   * more: {@code _kompass_shape}, why the row does not have as many fields as the header (or NULL),
   * and {@code _kompass_row}, the fields of such a row joined by the separator, to show it as written.
   * With a rejects table, rows the reader cannot split at all are recorded there; without one they
   * are skipped.
   *
   * <p>DuckDB's reader accepts a row with one field too many when that field is empty (a value with
   * an unquoted separator, followed by an empty last field, would load shifted by one column). So
   * the reader is given one column more than the header and pads short rows: a row is short when
   * its last header column is missing (the first missing column is named as its field), and long
   * when the extra column is there. Fields read are
   * never NULL inside (no text means NULL to the reader), so a missing field and an empty one differ.
   */
  String readCsv(String rejectsTable) {
    List<String> names = columnNames();
    String delim = lit(String.valueOf(delimiter));
    StringBuilder types = new StringBuilder("{");
    StringBuilder cols = new StringBuilder();
    StringBuilder found = new StringBuilder();
    StringBuilder fields = new StringBuilder();
    String quote = "'\"'";
    for (String n : names) {
      types.append(lit(n)).append(": 'VARCHAR', ");
      cols.append("NULLIF(r.").append(ident(n)).append(", '') AS ").append(ident(n)).append(", ");
      found.append(found.length() == 0 ? "" : " + ").append("CAST(r.").append(ident(n)).append(" IS NOT NULL AS INTEGER)");
      // Shown as written: a field holding the separator or a quote is quoted again.
      String f = "r." + ident(n);
      fields.append("CASE WHEN contains(").append(f).append(", ").append(delim).append(") OR contains(").append(f).append(", ").append(quote)
          .append(") THEN ").append(quote).append(" || replace(").append(f).append(", ").append(quote).append(", '\"\"') || ").append(quote)
          .append(" ELSE ").append(f).append(" END, ");
    }
    if (layout.trailingSeparator()) {
      types.append(lit(TRAILING)).append(": 'VARCHAR', ");
    }
    types.append(lit(EXTRA)).append(": 'VARCHAR'}");
    String last = "r." + ident(names.get(names.size() - 1));
    String misfit = "r." + EXTRA + " IS NOT NULL OR " + last + " IS NULL";
    String reader = "read_csv(" + lit(csv.toAbsolutePath().toString()) + ", header = true, auto_detect = false, columns = " + types
        + ", null_padding = true, nullstr = " + lit(NEVER_NULL) + ", parallel = " + !layout.quotedNewlines() + (layout.crlf() ? ", new_line = '\\r\\n'" : "")
        + ", delim = " + delim
        + ", quote = '\"', escape = '\"', encoding = " + lit(encoding) + ", "
        + (rejectsTable == null ? "ignore_errors = true" : "store_rejects = true, rejects_table = " + lit(rejectsTable)
            + ", rejects_scan = " + lit(rejectsTable + "scan"))
        + ")";
    return "(SELECT " + cols
        + "CASE WHEN r." + EXTRA + " IS NOT NULL THEN " + lit(TableLoader.MORE_FIELDS)
        + " WHEN " + last + " IS NULL THEN list_extract(" + names.stream().map(Sql::lit).collect(Collectors.joining(", ", "[", "]")) + ", "
        + found + " + 1) || ': the row ends before this field (it has ' || (" + found + ") || ' of the header''s " + names.size()
        + " fields)' END AS _kompass_shape, "
        + "CASE WHEN " + misfit + " THEN concat_ws(" + delim + ", " + fields + "r." + EXTRA + ") END AS _kompass_row"
        + " FROM " + reader + " r)";
  }

  /** The empty field after the separator that ends every data line of some exports (see {@link Layout#trailingSeparator}). */
  private static final String TRAILING = "_kompass_trailing";

  /** The reader's extra column, filled only by a row with a field more than the header. */
  private static final String EXTRA = "_kompass_extra";

  /** What the reader reads as NULL: text no file has, so that every field read is a string, empty or not. */
  private static final String NEVER_NULL = "\u0001kompass:never-null\u0001";

  /**
   * The header as column names: each header name as it is, a later header name that repeats an
   * earlier one (in any case) with a number added, and a blank one as {@code columnN}.
   */
  private List<String> columnNames() {
    List<String> out = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String base = header.get(i).isBlank() ? "column" + i : header.get(i);
      String name = base;
      for (int k = 1; !seen.add(name.toLowerCase(java.util.Locale.ROOT)); k++) {
        name = base + "_" + k;
      }
      out.add(name);
    }
    return out;
  }

  /** The statement that reads the file into its temporary table. */
  String materialiseSql() {
    return "CREATE TEMP TABLE " + table() + " AS SELECT * FROM " + readCsv(rejects());
  }

  /** For a spreadsheet: a condition that skips rows with no value at all (empty sheet rows), else {@code null}. */
  String nonEmptyCondition() {
    if (!excel) {
      return null;
    }
    return "coalesce(" + header.stream().filter(h -> !h.isBlank()).map(h -> "NULLIF(trim(src." + ident(h) + "), '')")
        .collect(Collectors.joining(", ")) + ") IS NOT NULL";
  }

  /**
   * Registers an expression whose distinct values are needed (names of owners or companies) and
   * returns its slot in {@link #namesTable()}; all of them are collected in one scan of the file.
   */
  int addNames(String expr) {
    nameExprs.add(expr);
    return nameExprs.size() - 1;
  }

  boolean hasNames() {
    return !nameExprs.isEmpty();
  }

  /** Distinct values per slot: columns {@code k} (the slot) and {@code v} (a value). */
  String namesTable() {
    return "kompass_f" + seq + "_names";
  }

  /** One scan of the file, grouping by each registered expression on its own (GROUPING SETS). */
  String namesSql() {
    int n = nameExprs.size();
    StringBuilder cols = new StringBuilder();
    StringBuilder sets = new StringBuilder();
    StringBuilder pick = new StringBuilder("CASE");
    StringBuilder slot = new StringBuilder("CASE");
    for (int i = 0; i < n; i++) {
      cols.append(i == 0 ? "" : ", ").append(nameExprs.get(i)).append(" AS e").append(i);
      sets.append(i == 0 ? "" : ", ").append("(e").append(i).append(")");
      // GROUPING(e0, ..., en-1) has a 0 bit for the grouped column: for set i that is bit n-1-i.
      long mask = ((1L << n) - 1) & ~(1L << (n - 1 - i));
      String g = n == 1 ? "0" : String.valueOf(mask);
      String grouping = "GROUPING(" + java.util.stream.IntStream.range(0, n).mapToObj(j -> "e" + j).collect(Collectors.joining(", ")) + ")";
      pick.append(" WHEN ").append(grouping).append(" = ").append(g).append(" THEN e").append(i);
      slot.append(" WHEN ").append(grouping).append(" = ").append(g).append(" THEN ").append(i);
    }
    String scan = materialise ? indexedFrom() : readCsv(null) + " src";
    return "CREATE TEMP TABLE " + namesTable() + " AS SELECT " + slot + " END AS k, " + pick + " END AS v FROM (SELECT " + cols
        + " FROM " + scan + " WHERE src._kompass_shape IS NULL) GROUP BY GROUPING SETS (" + sets + ")";
  }

  /** A FROM item over the file with the 0-based data row index {@code _idx}, aliased {@code src}. */
  String indexedFrom() {
    return "(SELECT rowid - (SELECT min(rowid) FROM " + table() + ") AS _idx, * FROM " + table() + ") src";
  }
}

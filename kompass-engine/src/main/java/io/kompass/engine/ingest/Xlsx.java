package io.kompass.engine.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler.SheetContentsHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Turns the first sheet of an Excel workbook into a CSV file that the CSV path reads, streaming
 * (the sheet is never held in memory). Dates become ISO text and numbers plain text, whatever the
 * cells' display format; title rows above the header are skipped.
 */
final class Xlsx {
  private Xlsx() {}

  /** Rows looked at to find the header row. */
  private static final int HEADER_SEARCH_ROWS = 30;

  /**
   * The converted sheet.
   *
   * @param csv the CSV file written
   * @param headerRow the 1-based row of the sheet that holds the header
   * @param sheet the sheet's name
   */
  record Converted(Path csv, long headerRow, String sheet) {}

  static boolean isExcel(Path p) {
    String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".xlsx") || n.endsWith(".xlsm");
  }

  static Converted toCsv(Path xlsx, Path csv) {
    try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ)) {
      XSSFReader reader = new XSSFReader(pkg);
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
      XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
      if (!sheets.hasNext()) {
        throw new ImportFailedException(xlsx + ": the workbook has no sheets");
      }
      try (InputStream sheet = sheets.next();
          BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        String name = sheets.getSheetName();
        Rows rows = new Rows(out);
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings, rows, new IsoFormatter(), false));
        parser.parse(new InputSource(sheet));
        rows.finish();
        if (rows.headerRow < 0) {
          throw new ImportFailedException(xlsx + ": sheet '" + name + "' is empty; put the header in the first rows of the first sheet");
        }
        return new Converted(csv, rows.headerRow + 1, name);
      }
    } catch (ImportFailedException e) {
      throw e;
    } catch (Exception e) {
      throw new ImportFailedException(xlsx + ": cannot read it as an Excel workbook (.xlsx): " + e.getMessage(), e);
    }
  }

  /** Writes dates as ISO text and numbers as plain decimals, ignoring the cell's display format. */
  private static final class IsoFormatter extends DataFormatter {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDateTime t = DateUtil.getLocalDateTime(value, use1904Windowing, true);
        return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.format(DATE_TIME);
      }
      BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
      return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
  }

  /**
   * Buffers the first rows to find the header (the first row that has as many filled cells as the
   * widest of the first rows), then streams the rest.
   */
  private static final class Rows implements SheetContentsHandler {
    private final BufferedWriter out;
    private final List<List<String>> head = new ArrayList<>();
    private final List<Integer> headRowNumbers = new ArrayList<>();
    private List<String> current;
    private int width = -1;
    private int lastRow = -1;
    long headerRow = -1;

    Rows(BufferedWriter out) {
      this.out = out;
    }

    @Override
    public void startRow(int rowNum) {
      current = new ArrayList<>();
    }

    @Override
    public void cell(String ref, String value, XSSFComment comment) {
      int col = new org.apache.poi.ss.util.CellReference(ref).getCol();
      while (current.size() < col) {
        current.add("");
      }
      current.add(value == null ? "" : value);
    }

    @Override
    public void endRow(int rowNum) {
      try {
        if (headerRow < 0) {
          head.add(current);
          headRowNumbers.add(rowNum);
          if (head.size() >= HEADER_SEARCH_ROWS) {
            chooseHeader();
          }
        } else {
          for (int gap = lastRow + 1; gap < rowNum; gap++) {
            write(List.of());
          }
          write(current);
        }
        lastRow = rowNum;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void finish() throws IOException {
      if (headerRow < 0 && !head.isEmpty()) {
        chooseHeader();
      }
    }

    private void chooseHeader() throws IOException {
      int widest = head.stream().mapToInt(Rows::filled).max().orElse(0);
      if (widest == 0) {
        head.clear();
        return;
      }
      int at = 0;
      while (filled(head.get(at)) < widest) {
        at++;
      }
      headerRow = headRowNumbers.get(at);
      List<String> header = head.get(at);
      width = header.size();
      while (width > 0 && header.get(width - 1).isBlank()) {
        width--;
      }
      write(header);
      for (int i = at + 1; i < head.size(); i++) {
        // Rows are numbered from the header; a skipped (empty) row would shift the lines after it.
        for (int gap = headRowNumbers.get(i - 1) + 1; gap < headRowNumbers.get(i); gap++) {
          write(List.of());
        }
        write(head.get(i));
      }
      head.clear();
    }

    private static int filled(List<String> row) {
      return (int) row.stream().filter(v -> !v.isBlank()).count();
    }

    private void write(List<String> row) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          b.append(',');
        }
        String v = i < row.size() ? row.get(i) : "";
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
          b.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
          b.append(v);
        }
      }
      b.append('\n');
      out.write(b.toString());
    }
  }
}

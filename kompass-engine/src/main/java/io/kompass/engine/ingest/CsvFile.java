package io.kompass.engine.ingest;

import io.kompass.engine.model.Column;
import io.kompass.engine.model.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A canonical CSV file and its header: which separator it uses and which header column holds
 * each canonical column. Header names match case-insensitively, ignoring surrounding spaces.
 */
record CsvFile(Path path, String displayName, char delimiter, List<String> header, Map<String, String> canonicalToHeader) {

  static CsvFile open(Path path, Table table) {
    String first;
    try (InputStream in = Files.newInputStream(path);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      first = headerRecord(r);
    } catch (IOException e) {
      throw new ImportFailedException("cannot read " + path + ": " + e.getMessage(), e);
    }
    if (first == null || first.isBlank()) {
      throw new ImportFailedException(
          path + ": the file is empty; a canonical CSV starts with a header row (see docs/import.md)", "empty_file",
          List.of(String.valueOf(path.getFileName())));
    }
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    char delimiter = guessDelimiter(first);
    // Stripped, as InputFile names the reader's columns: "id, name" has the columns id and name.
    List<String> header = split(first, delimiter).stream().map(String::strip).toList();
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String h : header) {
      String key = normalise(h);
      boolean known = key.equals("source_system") || table.column(key).isPresent();
      if (known && !mapping.containsKey(key)) {
        mapping.put(key, h);
      }
    }
    List<String> missing = new ArrayList<>();
    for (Column c : table.columns()) {
      if (c.required() && !mapping.containsKey(c.name())) {
        missing.add(c.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new ImportFailedException(
          path + ": the header has no column " + String.join(", ", missing) + ", which " + table.csvFileName()
              + " needs. Its header is: " + String.join(",", header) + ". Add the column (see docs/import.md) and import again."
              + (mapping.isEmpty() ? " None of its columns is a column of " + table.csvFileName() + ": if it is an export from a CRM,"
                  + " describe it with a mapping file (--mapping; a shipped preset is a good start, see docs/connectors.md)." : ""),
          "missing_columns", List.of(String.valueOf(path.getFileName()), String.join(", ", missing), table.csvFileName(), String.join(",", header)));
    }
    return new CsvFile(path, path.getFileName().toString(), delimiter, List.copyOf(header), Map.copyOf(mapping));
  }

  /**
   * The first record of a file: its first line, continued while a double-quoted name spans lines
   * (a spreadsheet cell with a line break in it), or null for an empty file.
   */
  static String headerRecord(BufferedReader r) throws IOException {
    String record = r.readLine();
    while (record != null && record.chars().filter(ch -> ch == '"').count() % 2 == 1) {
      String next = r.readLine();
      if (next == null) {
        break;
      }
      record = record + "\n" + next;
    }
    return record;
  }

  String headerFor(String canonical) {
    return canonicalToHeader.get(canonical);
  }

  List<String> ignoredColumns() {
    return header.stream().filter(h -> !canonicalToHeader.containsValue(h)).toList();
  }

  static String normalise(String header) {
    return header.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
  }

  /** The separator among , ; and tab that occurs most often outside quotes in the header line. */
  static char guessDelimiter(String line) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        switch (ch) {
          case ',' -> comma++;
          case ';' -> semicolon++;
          case '\t' -> tab++;
          default -> {}
        }
      }
    }
    if (semicolon > comma && semicolon >= tab) {
      return ';';
    }
    return tab > comma ? '\t' : ',';
  }

  static List<String> split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == delimiter) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}

package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real datasets in {@code ../shared/datasets} (next to the repository) and the example
 * mappings in {@code examples/}. Tests that need a dataset skip when it is missing, and fail
 * instead when {@code KOMPASS_REQUIRE_DATASETS=1} (as in CI). The folder can be moved with the
 * system property {@code kompass.datasets}.
 */
final class Datasets {
  private Datasets() {}

  /** The repository root: tests run in the module folder. */
  static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
  }

  static Path examples() {
    return repo().resolve("examples");
  }

  /** The dataset folder, or a skipped (or, when required, failed) test. */
  static Path folder(String name) {
    String configured = System.getProperty("kompass.datasets");
    Path base = configured != null ? Path.of(configured) : repo().resolve("../shared/datasets").normalize();
    Path folder = base.resolve(name);
    if (!Files.isDirectory(folder)) {
      String message = "dataset folder " + folder + " is missing";
      if ("1".equals(System.getenv("KOMPASS_REQUIRE_DATASETS"))) {
        fail(message + " (KOMPASS_REQUIRE_DATASETS=1)");
      }
      Assumptions.abort(message + "; skipping");
    }
    return folder;
  }

  /**
   * Reads a CSV file into maps of header to value, with its own small parser (quotes, doubled
   * quotes, any separator), so expected values do not depend on Kompass's reader.
   */
  static List<Map<String, String>> read(Path file, char sep) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> records = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == sep) {
        rec.add(cur.toString());
        cur.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        rec.add(cur.toString());
        cur.setLength(0);
        records.add(rec);
        rec = new ArrayList<>();
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0 || !rec.isEmpty()) {
      rec.add(cur.toString());
      records.add(rec);
    }
    List<String> header = records.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < r.size() ? r.get(i) : "");
      }
      out.add(row);
    }
    return out;
  }

  /** The median as the KPI engine defines it: interpolated between the two middle values. */
  static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}

package io.kompass.engine.ingest;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Header names as vendors write them, compared after normalising: case-folded, diacritics
 * stripped, en and em dashes folded to a hyphen, a trailing {@code *} (required-column marker of
 * import templates) and surrounding quotes dropped, runs of spaces collapsed.
 */
final class Headers {
  private Headers() {}

  static String normalise(String header) {
    String s = header.replace("\uFEFF", "").strip();
    s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    s = s.replace('\u2013', '-').replace('\u2014', '-').replace('\u2212', '-');
    while (s.endsWith("*")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  /** The first header of {@code header} that matches one of {@code names}, in the order of {@code names}. */
  static String find(List<String> header, List<String> names) {
    for (String name : names) {
      String want = normalise(name);
      for (String h : header) {
        if (normalise(h).equals(want)) {
          return h;
        }
      }
    }
    return null;
  }
}

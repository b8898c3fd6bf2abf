package io.kompass.engine.demo;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders profile parameters as SQL literals, so that the generator's SQL reads them from {@link DemoProfile}. */
final class SqlText {

  private SqlText() {}

  static String lit(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A DOUBLE literal: scientific notation, because DuckDB reads 0.5 as a DECIMAL that overflows when multiplied. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.12e", v);
  }

  /** A DuckDB list literal of numbers, indexed from 1: {@code [0.5, 0.3][i + 1]}. */
  static String numbers(List<Double> values) {
    return values.stream().map(SqlText::num).collect(Collectors.joining(", ", "[", "]"));
  }

  static String strings(List<String> values) {
    return values.stream().map(SqlText::lit).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The 0-based index picked by the uniform draw {@code u} from {@code weights} (need not sum to
   * 1): a CASE over the cumulative shares.
   */
  static String pick(String u, List<Double> weights) {
    if (weights.size() == 1) {
      return "0";
    }
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder sb = new StringBuilder("CASE");
    double cumulative = 0;
    for (int i = 0; i < weights.size() - 1; i++) {
      cumulative += weights.get(i) / total;
      sb.append(" WHEN ").append(u).append(" < ").append(num(cumulative)).append(" THEN ").append(i);
    }
    return sb.append(" ELSE ").append(weights.size() - 1).append(" END").toString();
  }

  /** The 0-based index of one of {@code n} equally likely choices picked by {@code u}. */
  static String pickUniform(String u, int n) {
    return pick(u, Collections.nCopies(n, 1.0));
  }
}

package io.kompass.engine.ingest;

/** Quoting for SQL text built by the importer from trusted names. */
final class Sql {
  private Sql() {}

  /** A double-quoted identifier; works for any header text, including quotes and spaces. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A single-quoted string literal. */
  static String lit(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}

package io.kompass.engine.model;

/** The logical type of a canonical column, which decides how text input is parsed and checked. */
public enum ColumnType {
  /** An identifier from the source system, kept as text. */
  ID("VARCHAR"),
  TEXT("VARCHAR"),
  /** One of a fixed set of lower-case words, see {@link Column#allowed()}. */
  ENUM("VARCHAR"),
  DATE("DATE"),
  /** A date and time; offsets are converted to the workspace time zone on import. */
  TIMESTAMP("TIMESTAMP"),
  /** A non-negative amount of money with two decimals. */
  MONEY("DECIMAL(18,2)"),
  /** An ISO 4217 code such as EUR or SEK. */
  CURRENCY("VARCHAR"),
  INTEGER("INTEGER"),
  NUMBER("DOUBLE"),
  BOOLEAN("BOOLEAN");

  private final String sqlType;

  ColumnType(String sqlType) {
    this.sqlType = sqlType;
  }

  /** The SQL type of the stored column (the same name on DuckDB and PostgreSQL). */
  public String sqlType() {
    return sqlType;
  }
}

package io.kompass.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * A canonical table.
 *
 * @param name table name, also the base name of its canonical CSV file ({@code deals.csv})
 * @param key the columns that identify a row; re-importing a row with the same key replaces it
 * @param columns the importable columns, in the order of the canonical CSV header
 * @param description one paragraph for the documentation
 */
public record Table(String name, List<String> key, List<Column> columns, String description) {

  public Table {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** Whether this table's rows are keyed by a single {@code id} column. */
  public boolean hasIdKey() {
    return key.equals(List.of("id"));
  }

  public String csvFileName() {
    return name + ".csv";
  }
}

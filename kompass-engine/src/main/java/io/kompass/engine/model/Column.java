package io.kompass.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A column of a canonical table.
 *
 * @param name column name, also the CSV header of the canonical import format
 * @param type logical type
 * @param required whether a value must be present for the row to load
 * @param references the table whose {@code id} this column refers to, or {@code null}
 * @param allowed the allowed values of an {@link ColumnType#ENUM} column
 * @param defaultValue the value used when the input has no such column or leaves it empty
 * @param description one line for the documentation
 */
public record Column(
    String name,
    ColumnType type,
    boolean required,
    String references,
    List<String> allowed,
    String defaultValue,
    String description) {

  public Column {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    allowed = List.copyOf(allowed);
  }

  static Column required(String name, ColumnType type, String description) {
    return new Column(name, type, true, null, List.of(), null, description);
  }

  static Column optional(String name, ColumnType type, String description) {
    return new Column(name, type, false, null, List.of(), null, description);
  }

  static Column ref(String name, String table, boolean required, String description) {
    return new Column(name, ColumnType.ID, required, table, List.of(), null, description);
  }

  static Column oneOf(String name, boolean required, List<String> allowed, String description) {
    return new Column(name, ColumnType.ENUM, required, null, allowed, null, description);
  }

  Column withDefault(String value) {
    return new Column(name, type, false, references, allowed, value, description);
  }
}

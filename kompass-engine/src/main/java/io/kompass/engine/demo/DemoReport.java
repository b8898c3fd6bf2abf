package io.kompass.engine.demo;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a demo generation wrote.
 *
 * @param rowsPerTable rows written per canonical table, in the canonical import order
 * @param took wall-clock time of the whole generation, commit included
 */
public record DemoReport(Map<String, Long> rowsPerTable, Duration took) {

  public DemoReport {
    rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
  }

  /** Rows written in all tables. */
  public long totalRows() {
    return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
  }
}

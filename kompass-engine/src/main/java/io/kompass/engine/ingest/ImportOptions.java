package io.kompass.engine.ingest;

import java.time.LocalDateTime;

/**
 * How to import a batch.
 *
 * @param sourceSystem the name recorded as each row's source system when the file has no
 *     {@code source_system} column, e.g. {@code csv} or {@code hubspot}
 * @param observedAt the workspace-local time recorded for stage changes noticed between imports
 */
public record ImportOptions(String sourceSystem, LocalDateTime observedAt) {
  public static ImportOptions defaults(LocalDateTime now) {
    return new ImportOptions("csv", now);
  }
}

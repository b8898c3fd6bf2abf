package io.kompass.engine.query;

import java.time.LocalDate;

/** A period: from {@code start} (inclusive) to {@code end} (exclusive). */
public record Period(LocalDate start, LocalDate end) {
  /** The last day of the period. */
  public LocalDate last() {
    return end.minusDays(1);
  }
}

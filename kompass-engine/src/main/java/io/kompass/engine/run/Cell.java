package io.kompass.engine.run;

import io.kompass.engine.query.Period;
import java.util.Map;

/**
 * One KPI value for one period and group, with its evidence.
 *
 * @param group dimension values of this row (empty when not grouped)
 * @param value the KPI value, null when it cannot be computed (no data, division by zero)
 * @param numerator the numerator of a ratio or the sum behind a mean, else null
 * @param denominator the denominator of a ratio or the count behind a mean, else null
 * @param n the number of rows the value rests on
 * @param ciLow lower end of the 95 % interval, null when none applies
 * @param ciHigh upper end
 * @param lowVolume n is below the query's floor
 * @param included rows of the population the value uses
 * @param excluded rows of the population left out for a missing field (e.g. no amount, no rate)
 * @param converted rows converted from another currency
 * @param sd standard deviation of the values behind a mean, else null
 * @param terms the value of each of the KPI's terms (e.g. promoters, detractors, responses)
 */
public record Cell(
    Period period,
    Map<String, String> group,
    Double value,
    Double numerator,
    Double denominator,
    long n,
    Double ciLow,
    Double ciHigh,
    boolean lowVolume,
    long included,
    long excluded,
    long converted,
    Double sd,
    Map<String, Double> terms) {

  public Cell {
    group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
    terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(terms));
  }

  /** Whether the period has nothing to compute from: no rows and no value (shown as "no data" rather than "low volume"). */
  public boolean noData() {
    return n == 0 && value == null && !nothingToDivideBy();
  }

  /**
   * Whether a ratio has no value because its denominator is 0 while its numerator is not (costs in a
   * region without a new customer): there is data, but nothing to divide it by.
   */
  public boolean nothingToDivideBy() {
    return value == null && numerator != null && numerator != 0 && denominator != null && denominator == 0;
  }

  /** Whether every row of the period was left out (e.g. won deals without an amount), so that its value is not known. */
  public boolean allLeftOut() {
    return included == 0 && excluded > 0;
  }

  /** Share of the population the value is based on, or null when there is no population. */
  public Double coverage() {
    long all = included + excluded;
    return all == 0 ? null : (double) included / all;
  }
}

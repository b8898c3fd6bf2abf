package io.kompass.engine.compare;

import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.run.Cell;
import java.time.LocalDate;
import java.util.List;

/**
 * A before/after table.
 *
 * @param alpha the significance level the verdicts use (0.05)
 */
public record Comparison(LocalDate beforeFrom, LocalDate beforeTo, LocalDate afterFrom, LocalDate afterTo, double alpha, List<Row> rows) {
  public Comparison {
    rows = List.copyOf(rows);
  }

  /** Whether the change is an improvement given the KPI's direction. */
  public enum Effect {
    BETTER,
    WORSE,
    UNCHANGED,
    /** Changed, for a KPI of which neither a higher nor a lower value is better ({@link io.kompass.engine.catalog.Direction#NEUTRAL}). */
    CHANGED,
    /** One of the values is missing. */
    UNKNOWN,
    /**
     * A cohort KPI whose after range has not settled yet (see {@link io.kompass.engine.catalog.Kpi#settled}): its
     * outcomes keep coming in, so the change compares cohorts of different ages and is not judged.
     */
    SETTLING,
    /**
     * An accruing KPI (see {@link io.kompass.engine.catalog.Kpi#accrues}), such as revenue, whose after range has
     * not ended yet: its value is still growing, so the change is not judged.
     */
    RUNNING,
    /**
     * An accruing KPI compared over ranges of clearly different length (one more than 15 % longer than the other, so
     * a 31-day month against a 28-day one still counts as equal): a total over three months against one over one
     * month says nothing about better or worse, so the change is not judged.
     */
    UNEQUAL;

    /**
     * Whether the change is judged at all: a change still settling, still running or over ranges of different length
     * gets no verdict, neither better or worse nor significant, whatever its p-value.
     */
    public boolean judged() {
      return this != SETTLING && this != RUNNING && this != UNEQUAL;
    }
  }

  /**
   * One KPI before and after.
   *
   * @param absoluteChange after − before
   * @param relativeChange (after − before) ÷ |before|, null when before is 0 or missing
   * @param test the test used, e.g. "two-proportion z-test", or null when none applies
   * @param pValue two-sided p-value of the test, or null
   * @param significant p-value below alpha
   * @param note why there is no test, when there is none
   */
  public record Row(
      String kpi,
      Text name,
      String variant,
      Unit unit,
      Direction direction,
      CiMethod ci,
      Cell before,
      Cell after,
      Double absoluteChange,
      Double relativeChange,
      Effect effect,
      String test,
      Double pValue,
      boolean significant,
      String note) {

    /**
     * Whether the change is clear enough to colour better or worse: judged, and either significant by its test, or
     * without sampling error to test (a total, a ratio of totals) and on enough values in both ranges. A change that
     * could be chance, or rests on few values, gets no colour.
     */
    public boolean clear() {
      if (effect != Effect.BETTER && effect != Effect.WORSE) {
        return false;
      }
      return test == null ? !before.lowVolume() && !after.lowVolume() : significant;
    }
  }

  /**
   * Whether a change is too small to tell from none as shown: under 0.05 percentage points for a rate, under 0.05
   * points for a score, under 0.5 % of the earlier value otherwise (zero when there is no earlier value to relate to).
   */
  public static boolean negligible(double absolute, Double relative, Unit unit) {
    return switch (unit) {
      case RATIO -> Math.abs(absolute) < 0.0005;
      case SCORE -> Math.abs(absolute) < 0.05;
      default -> relative != null ? Math.abs(relative) < 0.005 : Math.abs(absolute) < 1e-12;
    };
  }
}

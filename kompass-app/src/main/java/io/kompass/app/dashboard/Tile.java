package io.kompass.app.dashboard;

import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.compare.Comparer;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiSeries;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One KPI of a dashboard: its latest period, the change from the period before (good or bad by
 * the KPI's direction), every period for the sparkline, and the target where one exists.
 *
 * @param missing dimensions of the filter that this KPI cannot be filtered by (then nothing else is set)
 * @param effect better, worse, same, noise (a change that chance alone gives often, see {@link #withinNoise}: not
 *     coloured), unknown, settling (a cohort KPI whose latest period is still settling: its change
 *     compares cohorts of different ages and is not judged) or running (an accruing KPI, such as revenue, whose latest
 *     period is still running: its value is still growing and is not judged against a whole period; also a KPI judged
 *     on whole periods only, see {@link Kpi#wholePeriods})
 * @param today today in the workspace's time zone, which tells whether the latest period is over
 */
public record Tile(Kpi kpi, List<String> missing, Cell current, Cell previous, Double absoluteChange, Double relativeChange,
    String effect, List<Cell> cells, Double target, String variant, LocalDate today) {

  public boolean available() {
    return missing.isEmpty();
  }

  static Tile unavailable(Kpi kpi, List<String> missing) {
    return new Tile(kpi, List.copyOf(missing), null, null, null, null, "unknown", List.of(), null, "default", null);
  }

  /** A tile from a series without grouping (one cell per period). */
  static Tile of(Kpi kpi, KpiSeries series, Double target, LocalDate today) {
    List<Cell> cells = series.cells();
    Cell current = cells.isEmpty() ? null : cells.get(cells.size() - 1);
    Cell previous = cells.size() < 2 ? null : cells.get(cells.size() - 2);
    Double abs = current == null || previous == null || current.value() == null || previous.value() == null ? null
        : current.value() - previous.value();
    Double rel = abs == null || previous.value() == 0 ? null : abs / Math.abs(previous.value());
    String effect = Format.effect(abs, rel, kpi.unit(), kpi.direction());
    if (abs != null && !series.settled(current.period().end(), today)) {
      effect = "settling";
    } else if (abs != null && (series.accrues() || kpi.wholePeriods()) && running(current, today)) {
      effect = "running";
    } else if ((effect.equals("better") || effect.equals("worse") || effect.equals("changed")) && withinNoise(kpi, previous, current)) {
      effect = "noise";
    }
    return new Tile(kpi, List.of(), current, previous, abs, rel, effect, cells, target, series.variant(), today);
  }

  /**
   * Whether a change could be chance, so that it is not coloured. For a rate, a mean or NPS: the test of the
   * before/after page finds no significant difference (p at or above {@link Comparer#ALPHA}). For a median, whose
   * test needs every value: the two 95 % intervals overlap (a stricter rule than the test, which the before/after page
   * runs). For a total, a ratio of totals or a KPI built from others, which have nothing to test here: when either
   * value rests on few values (low volume).
   */
  static boolean withinNoise(Kpi kpi, Cell previous, Cell current) {
    if (kpi.ci() == CiMethod.QUANTILE) {
      return !apart(previous, current);
    }
    Double p = Comparer.pValue(kpi, previous, current);
    if (p != null) {
      return p >= Comparer.ALPHA;
    }
    // A KPI with a test that cannot run (a mean of one value) is not judged, as on the before/after page.
    return Comparer.testName(kpi) != null && !kpi.isDerived() || previous.lowVolume() || current.lowVolume();
  }

  /** Whether both cells have an interval and the intervals do not overlap. */
  private static boolean apart(Cell a, Cell b) {
    if (a.ciLow() == null || a.ciHigh() == null || b.ciLow() == null || b.ciHigh() == null) {
      return false;
    }
    return a.ciHigh() < b.ciLow() || b.ciHigh() < a.ciLow();
  }

  /**
   * Days of the latest period up to and including today when that period is still running (so its
   * value is compared with a whole period before it), else null.
   */
  public Long daysSoFar() {
    if (current == null || today == null || !running(current, today)) {
      return null;
    }
    return ChronoUnit.DAYS.between(current.period().start(), today) + 1;
  }

  /** Whether today falls inside the cell's period. */
  private static boolean running(Cell cell, LocalDate today) {
    return !today.isBefore(cell.period().start()) && today.isBefore(cell.period().end());
  }

  /** Days in the latest period. */
  public long daysInPeriod() {
    return ChronoUnit.DAYS.between(current.period().start(), current.period().end());
  }

  /**
   * The share of the target reached by the current value, or null: value ÷ target where higher is better, target ÷ value
   * where lower is better (a sales cycle of 42 days against a target of 30 has reached 71 % of it, not 140 %), none for a
   * KPI that is neither.
   */
  public Double targetShare() {
    if (target == null || target == 0 || current == null || current.value() == null || kpi.direction() == Direction.NEUTRAL) {
      return null;
    }
    if (kpi.direction() == Direction.LOWER) {
      return current.value() == 0 ? null : target / current.value();
    }
    return current.value() / target;
  }
}

package io.kompass.engine.compare;

import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.compare.Comparison.Effect;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.stats.Tests;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Computes before/after comparisons. */
public final class Comparer {

  public static final double ALPHA = 0.05;

  private final KpiEngine engine;

  public Comparer(KpiEngine engine) {
    this.engine = engine;
  }

  /**
   * Compares KPIs between two date ranges (both inclusive), each taken as one period.
   *
   * @param filter a condition over dimensions applied to both ranges, or null
   * @param today today in the workspace's time zone: whether a cohort KPI's after range has settled, and whether the
   *     after range of an accruing KPI is over
   */
  public Comparison compare(List<KpiRequest> kpis, LocalDate beforeFrom, LocalDate beforeTo, LocalDate afterFrom, LocalDate afterTo, Expr filter,
      int minN, LocalDate today) {
    if (beforeTo.isBefore(beforeFrom) || afterTo.isBefore(afterFrom)) {
      throw new QueryException("each range must end on or after its start", "compare_range_reversed");
    }
    // The tests compare two separate samples: rows dated in both ranges would be counted in each.
    if (!beforeFrom.isAfter(afterTo) && !afterFrom.isAfter(beforeTo)) {
      throw new QueryException("the ranges " + beforeFrom + ".." + beforeTo + " and " + afterFrom + ".." + afterTo + " overlap; a row dated"
          + " in both would count in each, and the tests assume two separate samples: choose ranges that do not overlap", "compare_overlap");
    }
    Calendar total = new Calendar(Grain.TOTAL, 1);
    KpiResult before = engine.run(new KpiQuery(kpis, beforeFrom, beforeTo, total, List.of(), filter, minN, null));
    KpiResult after = engine.run(new KpiQuery(kpis, afterFrom, afterTo, total, List.of(), filter, minN, null));
    List<Comparison.Row> rows = new ArrayList<>();
    for (int i = 0; i < kpis.size(); i++) {
      KpiSeries b = before.kpis().get(i);
      KpiSeries a = after.kpis().get(i);
      Kpi kpi = engine.catalog().resolve(kpis.get(i).kpi(), kpis.get(i).variants(), kpis.get(i).params());
      Cell cb = b.cells().get(0);
      Cell ca = a.cells().get(0);
      Double abs = cb.value() == null || ca.value() == null ? null : ca.value() - cb.value();
      Double rel = abs == null || cb.value() == 0 ? null : abs / Math.abs(cb.value());
      Effect effect = abs == null ? Effect.UNKNOWN
          : !kpi.settled(afterTo.plusDays(1), today) ? Effect.SETTLING
          : (kpi.accrues() || kpi.wholePeriods()) && !afterTo.isBefore(today) ? Effect.RUNNING
          : kpi.accrues() && !similarLength(beforeFrom, beforeTo, afterFrom, afterTo) ? Effect.UNEQUAL
          : Comparison.negligible(abs, rel, kpi.unit()) ? Effect.UNCHANGED
          : kpi.direction() == Direction.NEUTRAL ? Effect.CHANGED
          : (abs > 0) == (kpi.direction() == Direction.HIGHER) ? Effect.BETTER : Effect.WORSE;
      String test = null;
      Double p = null;
      String note = null;
      if (cb.value() == null || ca.value() == null) {
        note = "a value is missing, so there is nothing to test";
      } else if (kpi.isDerived()) {
        note = "combines several KPIs; compare its components";
      } else {
        test = testName(kpi);
        if (kpi.ci() == CiMethod.QUANTILE) {
          KpiRequest req = kpis.get(i);
          double[] xb = engine.values(new KpiQuery(List.of(req), beforeFrom, beforeTo, total, List.of(), filter, minN, null));
          double[] xa = engine.values(new KpiQuery(List.of(req), afterFrom, afterTo, total, List.of(), filter, minN, null));
          p = Tests.mannWhitney(xb, xa);
        } else {
          p = pValue(kpi, cb, ca);
        }
        if (test == null) {
          note = "a total or a ratio of totals has no sampling error to test";
        }
        if (test != null && p == null) {
          note = "too few values to test";
        }
      }
      rows.add(new Comparison.Row(kpi.id(), kpi.name(), kpi.variantLabel(), kpi.unit(), kpi.direction(), kpi.ci(), cb, ca, abs, rel, effect, test, p,
          p != null && p < ALPHA, note));
    }
    return new Comparison(beforeFrom, beforeTo, afterFrom, afterTo, ALPHA, rows);
  }

  /** The test that compares two values of the KPI, or null when its values have no sampling error to test. */
  public static String testName(Kpi kpi) {
    return switch (kpi.ci()) {
      case WILSON -> "two-proportion z-test";
      case MEAN -> "Welch t-test";
      case QUANTILE -> "Mann-Whitney U test";
      case NPS -> "z-test of the NPS difference";
      case NONE -> null;
    };
  }

  /**
   * The two-sided p-value of the change between two cells of a KPI, from the evidence the cells carry (counts, the
   * standard deviation, the NPS answers), or null when the cells cannot tell: a median needs every value (see {@link
   * #compare}), a total has no sampling error, a KPI built from others is tested through its components.
   */
  public static Double pValue(Kpi kpi, Cell before, Cell after) {
    if (kpi.isDerived() || before.value() == null || after.value() == null) {
      return null;
    }
    return switch (kpi.ci()) {
      case WILSON -> before.numerator() == null || after.numerator() == null || before.denominator() == null || after.denominator() == null
          ? null : Tests.twoProportions(before.numerator(), before.denominator(), after.numerator(), after.denominator());
      case MEAN -> before.sd() == null || after.sd() == null ? null
          : Tests.welch(before.value(), before.sd(), before.n(), after.value(), after.sd(), after.n());
      case NPS -> before.terms().get("promoters") == null || after.terms().get("promoters") == null ? null
          : Tests.nps(before.terms().get("promoters"), before.terms().get("detractors"), before.terms().get("responses"),
              after.terms().get("promoters"), after.terms().get("detractors"), after.terms().get("responses"));
      case QUANTILE, NONE -> null;
    };
  }

  /** Whether two inclusive ranges last about as long: the longer at most 15 % longer than the shorter. */
  static boolean similarLength(LocalDate beforeFrom, LocalDate beforeTo, LocalDate afterFrom, LocalDate afterTo) {
    long before = ChronoUnit.DAYS.between(beforeFrom, beforeTo) + 1;
    long after = ChronoUnit.DAYS.between(afterFrom, afterTo) + 1;
    return Math.max(before, after) <= 1.15 * Math.min(before, after);
  }
}

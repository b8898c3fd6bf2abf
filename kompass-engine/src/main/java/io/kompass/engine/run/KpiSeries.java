package io.kompass.engine.run;

import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.catalog.Unit;
import java.util.List;
import java.util.Map;

/**
 * The values of one KPI in a result, with the definition that produced them.
 *
 * @param settlesAfterDays for a cohort KPI, the days after a period's end until its value has settled (see {@link
 *     Kpi#settlingDays}); null for other KPIs
 * @param accrues whether the value keeps growing while its period runs (see {@link Kpi#accrues}), so that a period still
 *     running is not comparable with a whole one
 */
public record KpiSeries(
    String id,
    Text name,
    String variant,
    Text formula,
    Unit unit,
    Direction direction,
    CiMethod ci,
    Map<String, Object> params,
    String anchor,
    Long settlesAfterDays,
    boolean accrues,
    List<Cell> cells) {

  public KpiSeries {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    cells = List.copyOf(cells);
  }

  /** The anchor of a KPI counted at the end of each period from the stage history (pipeline density). */
  public static final String POINT_IN_TIME = "period end (stage history)";

  /** The series of a resolved KPI (variant and parameters applied) with its cells. */
  public static KpiSeries of(Kpi kpi, List<Cell> cells) {
    Kpi.Term base = kpi.baseTerm();
    String anchor = base == null ? null : base.pointInTime() ? POINT_IN_TIME : base.anchor() == null ? null : anchorText(base);
    return new KpiSeries(kpi.id(), kpi.name(), kpi.variantLabel(), kpi.formula(), kpi.unit(), kpi.direction(), kpi.ci(), kpi.paramValues(),
        anchor, kpi.settlingDays(), kpi.accrues(), cells);
  }

  /** This series with other cells. */
  public KpiSeries withCells(List<Cell> other) {
    return new KpiSeries(id, name, variant, formula, unit, direction, ci, params, anchor, settlesAfterDays, accrues, other);
  }

  /** Whether a period of this series ending on {@code periodEnd} (exclusive) has settled by {@code today} (see {@link Kpi#settled}). */
  public boolean settled(java.time.LocalDate periodEnd, java.time.LocalDate today) {
    return Kpi.settled(settlesAfterDays, periodEnd, today);
  }

  private static String anchorText(Kpi.Term t) {
    return t.anchor() instanceof io.kompass.engine.expr.Expr.Ref r ? t.fact() + "." + r.text() : t.fact();
  }
}

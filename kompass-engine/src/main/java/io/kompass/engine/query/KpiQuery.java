package io.kompass.engine.query;

import io.kompass.engine.expr.Expr;
import java.time.LocalDate;
import java.util.List;

/**
 * A KPI query.
 *
 * @param kpis the KPIs to compute
 * @param from first day of the range (the first period is the whole period containing it)
 * @param to last day of the range (the last period is the whole period containing it)
 * @param groupBy dimensions to break the values down by
 * @param filter a condition over dimensions (e.g. {@code team = 'Nordics'}), or null
 * @param minN the sample size below which a value is flagged low volume
 * @param fxDate when set, money is converted at the rates of this day instead of each row's date
 */
public record KpiQuery(
    List<KpiRequest> kpis,
    LocalDate from,
    LocalDate to,
    Calendar calendar,
    List<String> groupBy,
    Expr filter,
    int minN,
    LocalDate fxDate) {

  public static final int DEFAULT_MIN_N = 30;

  public KpiQuery {
    kpis = List.copyOf(kpis);
    groupBy = List.copyOf(groupBy);
    if (kpis.isEmpty()) {
      throw new QueryException("name at least one KPI");
    }
  }

  public Grain grain() {
    return calendar.grain();
  }

  /** The periods of the result, whole periods covering the range. */
  public List<Period> periods() {
    return calendar.periods(from, to);
  }

  /** The same query over another range. */
  public KpiQuery withRange(LocalDate otherFrom, LocalDate otherTo) {
    return new KpiQuery(kpis, otherFrom, otherTo, calendar, groupBy, filter, minN, fxDate);
  }

  /** The same query for other KPIs. */
  public KpiQuery withKpis(List<KpiRequest> others) {
    return new KpiQuery(others, from, to, calendar, groupBy, filter, minN, fxDate);
  }
}

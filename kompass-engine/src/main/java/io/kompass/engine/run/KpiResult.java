package io.kompass.engine.run;

import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.Period;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The answer to a KPI query.
 *
 * @param currency the workspace currency all money is in
 * @param conversion how money was converted, e.g. "at the rate in force on each row's anchor date"
 * @param source what computed the numbers: the workspace's engine, or "precomputed by spark (imported ...)"
 */
public record KpiResult(
    KpiQuery query, List<String> dimensions, String currency, String conversion, List<KpiSeries> kpis, Duration took, String source) {
  public KpiResult {
    dimensions = List.copyOf(dimensions);
    kpis = List.copyOf(kpis);
  }

  public KpiSeries kpi(String id) {
    return kpis.stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
  }

  /**
   * Whether {@link #slice} can answer {@code narrower} from this result: the same query (KPIs,
   * calendar, filter, floor, rates) without a breakdown, by a calendar grain, over whole periods all
   * of which this result lists.
   */
  public boolean covers(KpiQuery narrower) {
    KpiQuery q = query;
    return q.groupBy().isEmpty() && narrower.groupBy().isEmpty() && q.grain() != Grain.TOTAL && q.kpis().equals(narrower.kpis())
        && q.calendar().equals(narrower.calendar()) && Objects.equals(q.filter(), narrower.filter()) && q.minN() == narrower.minN()
        && Objects.equals(q.fxDate(), narrower.fxDate()) && Set.copyOf(q.periods()).containsAll(narrower.periods());
  }

  /**
   * The answer to {@code narrower}, a query this result {@link #covers}, read from this result's
   * cells. A cell depends on its own period alone: a range only chooses which whole periods are
   * listed, and what a KPI reads from before its period (the previous period, a trailing window, the
   * stage history up to the period's end) it reads whatever the range. A breakdown is not sliced: it
   * lists the groups found in its own range.
   *
   * @throws IllegalArgumentException when this result does not cover {@code narrower}
   */
  public KpiResult slice(KpiQuery narrower) {
    if (!covers(narrower)) {
      throw new IllegalArgumentException("this result does not cover " + narrower.periods().get(0) + "..");
    }
    Set<Period> wanted = Set.copyOf(narrower.periods());
    List<KpiSeries> sliced = kpis.stream()
        .map(s -> s.withCells(s.cells().stream().filter(c -> wanted.contains(c.period())).toList()))
        .toList();
    return new KpiResult(narrower, dimensions, currency, conversion, sliced, took, source);
  }
}

package io.kompass.engine.run;

import io.kompass.engine.query.KpiQuery;
import java.time.Duration;
import java.util.List;

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
}

package io.kompass.engine.query;

import java.util.List;
import java.util.Map;

/**
 * One KPI of a query: its id, the variants to apply (empty for the default) and parameter values
 * as text.
 */
public record KpiRequest(String kpi, List<String> variants, Map<String, String> params) {
  public KpiRequest {
    variants = List.copyOf(variants);
    params = Map.copyOf(params);
  }

  public static KpiRequest of(String kpi) {
    return new KpiRequest(kpi, List.of(), Map.of());
  }
}

package io.kompass.engine.plan;

import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.Period;
import io.kompass.engine.sql.Select;
import java.util.List;
import java.util.Map;

/**
 * A compiled query: the SQL tree and where each KPI's numbers are in its result rows. Result
 * columns: {@code period_start}, {@code period_end}, one {@code d_<dimension>} per group-by
 * dimension, the term columns, and per KPI {@code k<i>_value}, {@code k<i>_num}, {@code k<i>_den}.
 */
public record Plan(Select.Query query, List<PlannedKpi> kpis, List<String> dimensions, List<Period> periods) {
  public Plan {
    kpis = List.copyOf(kpis);
    dimensions = List.copyOf(dimensions);
    periods = List.copyOf(periods);
  }

  /**
   * Where one KPI's numbers are; for derived KPIs also its components'.
   *
   * @param nonNegative whether the values of its base term cannot be negative (amounts), so that the interval of their
   *     mean starts at 0 at the lowest
   */
  public record PlannedKpi(Kpi kpi, String value, String numerator, String denominator, Map<String, TermColumns> terms,
      Map<String, PlannedKpi> components, boolean nonNegative) {
    public PlannedKpi {
      terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(terms));
      components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
    }

    /** The columns of the base terms ({@link Kpi#baseTerms}), the first one first. */
    public List<TermColumns> base() {
      return kpi.baseTerms().stream().map(terms::get).toList();
    }
  }

  /**
   * Result columns of one term (null where the term has no such number).
   *
   * @param value the aggregate
   * @param n rows behind it
   * @param excluded rows of its population left out for a missing field
   * @param sd standard deviation (avg terms)
   * @param sum sum of the values (avg terms)
   * @param lo lower end of the 95 % interval (median/percentile terms)
   * @param hi upper end
   * @param converted rows converted from another currency (money terms)
   */
  public record TermColumns(String agg, String value, String n, String excluded, String sd, String sum, String lo, String hi, String converted) {}
}

package io.kompass.engine.catalog;

/** How a KPI's 95 % confidence interval is computed. */
public enum CiMethod {
  /** Wilson score interval of a proportion of counts. */
  WILSON,
  /** Student t interval of a mean. */
  MEAN,
  /** Order-statistic (distribution-free) interval of a median or percentile. */
  QUANTILE,
  /** Normal interval of the difference of promoter and detractor shares. */
  NPS,
  /** No interval: totals, point-in-time counts, ratios of totals. */
  NONE
}

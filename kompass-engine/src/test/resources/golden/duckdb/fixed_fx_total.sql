WITH
-- step: BuildPeriodSpine (1 total periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g1 AS (
  SELECT CAST(? AS DATE) AS period,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) AS t3,
    avg(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t4,
    stddev_samp(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t5,
    sum(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t6
  FROM deals f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(CAST(? AS DATE) AS DATE)))
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND (((((((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (average_deal_size[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  g1.t4 AS g1_t4,
  g1.t5 AS g1_t5,
  coalesce(g1.t6, 0) AS g1_t6,
  g1.t4 AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-07-01 2024-01-01 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 'EUR' 'won' 'EUR' 'won' 2024-01-15 2024-01-01T00:00 2024-07-01T00:00 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'won' 'won' 'won'

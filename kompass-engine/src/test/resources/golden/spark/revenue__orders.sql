WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact orders, anchor ordered_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.ordered_at) AS DATE) AS period,
    count(*) FILTER (WHERE (NOT (CASE WHEN (f.currency = CAST(:p13 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t1,
    count(*) FILTER (WHERE (CASE WHEN (f.currency = CAST(:p14 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AS t2,
    count(*) FILTER (WHERE ((CASE WHEN (f.currency = CAST(:p15 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL) AND (f.currency <> CAST(:p16 AS STRING)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(:p17 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) AS t4
  FROM orders f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.ordered_at AS DATE)))
  WHERE ((f.ordered_at >= CAST(:p18 AS TIMESTAMP)) AND (f.ordered_at < CAST(:p19 AS TIMESTAMP)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (revenue[orders])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t4, 0) AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'EUR' 'EUR' 'EUR' 'EUR' 'EUR' 2024-01-01T00:00 2024-07-01T00:00

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g1 AS (
  SELECT CAST(date_trunc('month', CAST(f.closed_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t4,
    count(*) FILTER (WHERE (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t5
  FROM deals f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.closed_at AS DATE)))
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND ((((((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (average_deal_size[all_closed])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  (CAST(coalesce(g1.t4, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g1.t5, 0) AS DOUBLE PRECISION), 0)) AS k0_value,
  coalesce(g1.t4, 0) AS k0_num,
  coalesce(g1.t5, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 'won' 'lost' 2024-01-01T00:00 2024-07-01T00:00 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'won' 'won' 'lost'

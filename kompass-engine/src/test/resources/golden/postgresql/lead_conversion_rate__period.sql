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
    count(*) FILTER (WHERE (((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL)) AND (NOT (f.lead_id IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE (((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL)) AND (f.lead_id IS NOT NULL))) AS t2,
    count(DISTINCT f.lead_id) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL))) AS t3
  FROM deals f
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND (((((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL)) AND (NOT (f.lead_id IS NOT NULL))) OR (((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL)) AND (f.lead_id IS NOT NULL))) OR ((f.status = CAST(? AS VARCHAR)) AND (f.lead_id IS NOT NULL))))
  GROUP BY period
),
-- step: AggregateMeasures (fact leads, anchor created_at)
g2 AS (
  SELECT CAST(date_trunc('month', CAST(f.created_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) AS t1
  FROM leads f
  WHERE ((f.created_at >= CAST(? AS TIMESTAMP)) AND (f.created_at < CAST(? AS TIMESTAMP)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (lead_conversion_rate[period])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g2.t1, 0) AS g2_t1,
  (CAST(coalesce(g1.t3, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g2.t1, 0) AS DOUBLE PRECISION), 0)) AS k0_value,
  coalesce(g1.t3, 0) AS k0_num,
  coalesce(g2.t1, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'won' 'won' 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 'won' 2024-01-01T00:00 2024-07-01T00:00

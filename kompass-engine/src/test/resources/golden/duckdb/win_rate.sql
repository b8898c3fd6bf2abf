WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.closed_at) AS DATE) AS period,
    count(*) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t1,
    count(*) FILTER (WHERE (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t2
  FROM deals f
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND ((f.status = CAST(? AS VARCHAR)) OR (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (win_rate[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  (CAST(coalesce(g1.t1, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g1.t2, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t1, 0) AS k0_num,
  coalesce(g1.t2, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'won' 'lost' 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 'lost'

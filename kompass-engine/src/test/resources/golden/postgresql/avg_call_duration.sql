WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact activities, anchor occurred_at)
g1 AS (
  SELECT CAST(date_trunc('month', CAST(f.occurred_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE (((f.type = CAST(? AS VARCHAR)) AND f.done) AND (NOT (f.duration_seconds IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE (((f.type = CAST(? AS VARCHAR)) AND f.done) AND (f.duration_seconds IS NOT NULL))) AS t2,
    avg(f.duration_seconds) FILTER (WHERE ((f.type = CAST(? AS VARCHAR)) AND f.done)) AS t3,
    stddev_samp(f.duration_seconds) FILTER (WHERE ((f.type = CAST(? AS VARCHAR)) AND f.done)) AS t4,
    sum(f.duration_seconds) FILTER (WHERE ((f.type = CAST(? AS VARCHAR)) AND f.done)) AS t5
  FROM activities f
  WHERE (((f.occurred_at >= CAST(? AS TIMESTAMP)) AND (f.occurred_at < CAST(? AS TIMESTAMP))) AND (((((((f.type = CAST(? AS VARCHAR)) AND f.done) AND (NOT (f.duration_seconds IS NOT NULL))) OR (((f.type = CAST(? AS VARCHAR)) AND f.done) AND (f.duration_seconds IS NOT NULL))) OR ((f.type = CAST(? AS VARCHAR)) AND f.done)) OR ((f.type = CAST(? AS VARCHAR)) AND f.done)) OR ((f.type = CAST(? AS VARCHAR)) AND f.done)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (avg_call_duration[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  g1.t3 AS g1_t3,
  g1.t4 AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  g1.t3 AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'call' 'call' 'call' 'call' 'call' 2024-01-01T00:00 2024-07-01T00:00 'call' 'call' 'call' 'call' 'call'

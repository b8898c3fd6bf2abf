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
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (NOT (date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE)) IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE)) IS NOT NULL))) AS t2,
    avg(date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE))) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t3,
    stddev_samp(date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE))) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t4,
    sum(date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE))) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t5
  FROM deals f
  LEFT JOIN leads lead ON (f.lead_id = lead.id)
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND ((((((f.status = CAST(? AS VARCHAR)) AND (NOT (date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE)) IS NOT NULL))) OR ((f.status = CAST(? AS VARCHAR)) AND (date_diff('day', CAST(coalesce(lead.created_at, f.created_at) AS DATE), CAST(f.closed_at AS DATE)) IS NOT NULL))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (sales_cycle_days[mean])
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
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'won' 'won' 'won' 'won' 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 'won' 'won' 'won'

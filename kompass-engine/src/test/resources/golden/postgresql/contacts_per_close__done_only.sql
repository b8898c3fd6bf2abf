WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deal_activities, anchor deal.closed_at)
g1 AS (
  SELECT CAST(date_trunc('month', CAST(deal.closed_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE (((deal.status = CAST(? AS VARCHAR)) AND (f.type IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AND f.done)) AS t1
  FROM activities f
  INNER JOIN deals deal ON (f.deal_id = deal.id)
  WHERE (((deal.closed_at >= CAST(? AS TIMESTAMP)) AND (deal.closed_at < CAST(? AS TIMESTAMP))) AND (deal.status = CAST(? AS VARCHAR)))
  GROUP BY period
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g2 AS (
  SELECT CAST(date_trunc('month', CAST(f.closed_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t1
  FROM deals f
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND (f.status = CAST(? AS VARCHAR)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (contacts_per_close[done_only])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g2.t1, 0) AS g2_t1,
  (CAST(coalesce(g1.t1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g2.t1, 0) AS DOUBLE PRECISION), 0)) AS k0_value,
  coalesce(g1.t1, 0) AS k0_num,
  coalesce(g2.t1, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'call' 'meeting' 'email' 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 2024-01-01T00:00 2024-07-01T00:00 'won'

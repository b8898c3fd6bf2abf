WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deal_activities, anchor deal.closed_at)
g1 AS (
  SELECT CAST(date_trunc('month', deal.closed_at) AS DATE) AS period,
    count(*) FILTER (WHERE ((((deal.status = CAST(:p13 AS STRING)) AND (f.type = CAST(:p14 AS STRING))) AND f.done) AND (NOT (f.duration_seconds IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((((deal.status = CAST(:p15 AS STRING)) AND (f.type = CAST(:p16 AS STRING))) AND f.done) AND (f.duration_seconds IS NOT NULL))) AS t2,
    sum(f.duration_seconds) FILTER (WHERE (((deal.status = CAST(:p17 AS STRING)) AND (f.type = CAST(:p18 AS STRING))) AND f.done)) AS t3
  FROM activities f
  INNER JOIN deals deal ON (f.deal_id = deal.id)
  WHERE (((deal.closed_at >= CAST(:p19 AS TIMESTAMP)) AND (deal.closed_at < CAST(:p20 AS TIMESTAMP))) AND (((deal.status = CAST(:p21 AS STRING)) OR (deal.status = CAST(:p22 AS STRING))) OR (deal.status = CAST(:p23 AS STRING))))
  GROUP BY period
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g2 AS (
  SELECT CAST(date_trunc('month', f.closed_at) AS DATE) AS period,
    count(*) FILTER (WHERE (f.status = CAST(:p24 AS STRING))) AS t1
  FROM deals f
  WHERE (((f.closed_at >= CAST(:p25 AS TIMESTAMP)) AND (f.closed_at < CAST(:p26 AS TIMESTAMP))) AND (f.status = CAST(:p27 AS STRING)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (talk_time_per_won_deal[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g2.t1, 0) AS g2_t1,
  (CAST(coalesce(g1.t3, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g2.t1, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t3, 0) AS k0_num,
  coalesce(g2.t1, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'call' 'won' 'call' 'won' 'call' 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 'won' 'won' 2024-01-01T00:00 2024-07-01T00:00 'won'

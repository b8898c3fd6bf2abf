WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: ReconstructStageHistory (deals in state [(status = 'open') and qualified] at each period end)
g1_rows AS (
  SELECT f.entered_at AS ts,
    f.left_at,
    CAST(CASE WHEN (CASE WHEN ((f.left_at IS NULL) OR (f.amount IS NULL)) THEN deal.currency ELSE coalesce(f.currency, deal.currency) END = CAST(? AS VARCHAR)) THEN CASE WHEN ((f.left_at IS NULL) OR (f.amount IS NULL)) THEN deal.amount ELSE f.amount END ELSE (CASE WHEN ((f.left_at IS NULL) OR (f.amount IS NULL)) THEN deal.amount ELSE f.amount END * fx_1.rate) END AS DOUBLE PRECISION) AS v1
  FROM deal_stage_history f
  INNER JOIN deals deal ON (f.deal_id = deal.id)
  LEFT JOIN pipeline_stages stage_info ON ((f.pipeline = stage_info.pipeline) AND (f.stage = stage_info.stage))
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = CASE WHEN ((f.left_at IS NULL) OR (f.amount IS NULL)) THEN deal.currency ELSE coalesce(f.currency, deal.currency) END) AND (fx_1.rate_date = CAST(deal.created_at AS DATE)))
  WHERE (((f.entered_at < CAST(? AS TIMESTAMP)) AND ((f.left_at IS NULL) OR (f.left_at >= CAST(? AS TIMESTAMP)))) AND ((f.status = CAST(? AS VARCHAR)) AND coalesce(stage_info.qualified, TRUE)))
),
-- step: ToStateChangeEvents (+1 entering, -1 leaving)
g1_events AS (
  SELECT e.ts,
    e.delta,
    e.v1
  FROM (
    SELECT ts,
      1 AS delta,
      v1
    FROM g1_rows
    UNION ALL
    SELECT left_at AS ts,
      -1 AS delta,
      v1
    FROM g1_rows
    WHERE ((left_at IS NOT NULL) AND (left_at < CAST(? AS TIMESTAMP)))
  ) e
),
-- step: BucketEvents (events before the range count in its first period)
g1_buckets AS (
  SELECT CASE WHEN (ts < CAST(? AS TIMESTAMP)) THEN CAST(? AS DATE) ELSE CAST(date_trunc('month', CAST(ts AS TIMESTAMP)) AS DATE) END AS period,
    sum((delta * v1)) AS t1,
    sum(CASE WHEN (v1 IS NOT NULL) THEN delta ELSE 0 END) AS t1_n,
    sum(CASE WHEN (v1 IS NULL) THEN delta ELSE 0 END) AS t1_x
  FROM g1_events
  GROUP BY period
),
-- step: CumulateToPeriodEnd (running sum over the spine)
g1 AS (
  SELECT s.period_start AS period,
    sum(coalesce(bk.t1, 0)) OVER (ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1,
    sum(coalesce(bk.t1_n, 0)) OVER (ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1_n,
    sum(coalesce(bk.t1_x, 0)) OVER (ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1_x
  FROM spine s
  LEFT JOIN g1_buckets bk ON (bk.period = s.period_start)
),
-- step: AggregateMeasures (fact targets, anchor period_start, next period)
g2 AS (
  SELECT CAST(date_trunc('month', CAST((f.period_start + INTERVAL '-1 months') AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE ((f.kpi = CAST(? AS VARCHAR)) AND (NOT (f.value IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.kpi = CAST(? AS VARCHAR)) AND (f.value IS NOT NULL))) AS t2,
    sum(f.value) FILTER (WHERE (f.kpi = CAST(? AS VARCHAR))) AS t3
  FROM targets f
  WHERE (((f.period_start >= CAST(? AS TIMESTAMP)) AND (f.period_start < CAST(? AS TIMESTAMP))) AND (((f.team_id IS NULL) AND (f.rep_id IS NULL)) AND ((((f.kpi = CAST(? AS VARCHAR)) AND (NOT (f.value IS NOT NULL))) OR ((f.kpi = CAST(? AS VARCHAR)) AND (f.value IS NOT NULL))) OR (f.kpi = CAST(? AS VARCHAR)))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (pipeline_coverage[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t1_n, 0) AS g1_t1_n,
  coalesce(g1.t1_x, 0) AS g1_t1_x,
  coalesce(g2.t1, 0) AS g2_t1,
  coalesce(g2.t2, 0) AS g2_t2,
  coalesce(g2.t3, 0) AS g2_t3,
  (CAST(coalesce(g1.t1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g2.t3, 0) AS DOUBLE PRECISION), 0)) AS k0_value,
  coalesce(g1.t1, 0) AS k0_num,
  coalesce(g2.t3, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'EUR' 2024-07-01T00:00 2024-01-01T00:00 'open' 2024-07-01T00:00 2024-01-01T00:00 2024-01-01 'revenue' 'revenue' 'revenue' 2024-02-01T00:00 2024-08-01T00:00 'revenue' 'revenue' 'revenue'

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
    1 AS v1
  FROM deal_stage_history f
  LEFT JOIN pipeline_stages stage_info ON ((f.pipeline = stage_info.pipeline) AND (f.stage = stage_info.stage))
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
-- step: AggregateMeasures (fact deals, anchor closed_at, trailing 12 months)
g2 AS (
  SELECT s.period_start AS period,
    count(*) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t1,
    count(*) FILTER (WHERE (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t2,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t3,
    count(*) FILTER (WHERE ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t4,
    count(*) FILTER (WHERE (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) AS t5,
    avg(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t6,
    stddev_samp(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t7,
    sum(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t8
  FROM deals f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.closed_at AS DATE)))
  INNER JOIN spine s ON ((f.closed_at >= (s.period_end + INTERVAL '-12 months')) AND (f.closed_at < s.period_end))
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND ((((((((f.status = CAST(? AS VARCHAR)) OR (f.status IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) OR ((f.status = CAST(? AS VARCHAR)) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) OR ((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status = CAST(? AS VARCHAR)) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))) OR (f.status = CAST(? AS VARCHAR))))
  GROUP BY period
),
-- step: CollectValues (median of sales_cycle_days.cycle; fact deals, anchor closed_at, trailing 12 months)
g3_rows AS (
  SELECT s.period_start AS period,
    CAST((CAST(f.closed_at AS DATE) - CAST(coalesce(lead.created_at, f.created_at) AS DATE)) AS DOUBLE PRECISION) AS x
  FROM deals f
  LEFT JOIN leads lead ON (f.lead_id = lead.id)
  INNER JOIN spine s ON ((f.closed_at >= (s.period_end + INTERVAL '-12 months')) AND (f.closed_at < s.period_end))
  WHERE (((f.closed_at >= CAST(? AS TIMESTAMP)) AND (f.closed_at < CAST(? AS TIMESTAMP))) AND (f.status = CAST(? AS VARCHAR)))
),
-- step: RankValues
g3_ranked AS (
  SELECT period,
    x,
    row_number() OVER (PARTITION BY period ORDER BY x ASC NULLS LAST) AS rn,
    count(x) OVER (PARTITION BY period) AS cnt
  FROM g3_rows
),
-- step: PickOrderStatistics (median with a distribution-free 95 % interval)
g3 AS (
  SELECT period,
    (max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END) + (((1 + (0.5 * (max(cnt) - 1))) - floor((1 + (0.5 * (max(cnt) - 1))))) * (max(CASE WHEN (rn = ceil((1 + (0.5 * (cnt - 1))))) THEN x END) - max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END)))) AS t1,
    coalesce(max(cnt), 0) AS t1_n,
    count(*) FILTER (WHERE (x IS NULL)) AS t1_x,
    max(CASE WHEN (rn = greatest(1, floor(((cnt * 0.5) - (1.959963984540054 * sqrt((cnt * 0.25))))))) THEN x END) AS t1_lo,
    max(CASE WHEN (rn = least(cnt, (ceil(((cnt * 0.5) + (1.959963984540054 * sqrt((cnt * 0.25))))) + 1))) THEN x END) AS t1_hi
  FROM g3_ranked
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (sales_velocity[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t1_n, 0) AS g1_t1_n,
  coalesce(g1.t1_x, 0) AS g1_t1_x,
  coalesce(g2.t1, 0) AS g2_t1,
  coalesce(g2.t2, 0) AS g2_t2,
  coalesce(g2.t3, 0) AS g2_t3,
  coalesce(g2.t4, 0) AS g2_t4,
  coalesce(g2.t5, 0) AS g2_t5,
  g2.t6 AS g2_t6,
  g2.t7 AS g2_t7,
  coalesce(g2.t8, 0) AS g2_t8,
  g3.t1 AS g3_t1,
  coalesce(g3.t1_n, 0) AS g3_t1_n,
  coalesce(g3.t1_x, 0) AS g3_t1_x,
  g3.t1_lo AS g3_t1_lo,
  g3.t1_hi AS g3_t1_hi,
  (CAST(((coalesce(g1.t1, 0) * (CAST(coalesce(g2.t1, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g2.t2, 0) AS DOUBLE PRECISION), 0))) * g2.t6) AS DOUBLE PRECISION) / NULLIF(CAST(g3.t1 AS DOUBLE PRECISION), 0)) AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
LEFT JOIN g3 ON (g3.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 2024-07-01T00:00 2024-01-01T00:00 'open' 2024-07-01T00:00 2024-01-01T00:00 2024-01-01 'won' 'won' 'lost' 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 'EUR' 'won' 'EUR' 'won' 2023-02-01T00:00 2024-07-01T00:00 'won' 'won' 'lost' 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'won' 'won' 'won' 2023-02-01T00:00 2024-07-01T00:00 'won'

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: ReconstructStageHistory (deals in state [(status = 'open') and qualified] at each period end)
g1_rows AS (
  SELECT f.entered_at AS ts,
    f.left_at,
    1 AS v1
  FROM deal_stage_history f
  LEFT JOIN pipeline_stages stage_info ON ((f.pipeline = stage_info.pipeline) AND (f.stage = stage_info.stage))
  WHERE (((f.entered_at < CAST(:p13 AS TIMESTAMP)) AND ((f.left_at IS NULL) OR (f.left_at >= CAST(:p14 AS TIMESTAMP)))) AND ((f.status = CAST(:p15 AS STRING)) AND coalesce(stage_info.qualified, TRUE)))
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
    WHERE ((left_at IS NOT NULL) AND (left_at < CAST(:p16 AS TIMESTAMP)))
  ) e
),
-- step: BucketEvents (events before the range count in its first period)
g1_buckets AS (
  SELECT CASE WHEN (ts < CAST(:p17 AS TIMESTAMP)) THEN CAST(:p18 AS DATE) ELSE CAST(date_trunc('month', ts) AS DATE) END AS period,
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
    count(*) FILTER (WHERE (f.status = CAST(:p19 AS STRING))) AS t1,
    count(*) FILTER (WHERE (f.status IN (CAST(:p20 AS STRING), CAST(:p21 AS STRING)))) AS t2,
    count(*) FILTER (WHERE ((f.status = CAST(:p22 AS STRING)) AND (NOT (CASE WHEN (f.currency = CAST(:p23 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t3,
    count(*) FILTER (WHERE ((f.status = CAST(:p24 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p25 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t4,
    count(*) FILTER (WHERE (((f.status = CAST(:p26 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p27 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p28 AS STRING)))) AS t5,
    avg(CASE WHEN (f.currency = CAST(:p29 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(:p30 AS STRING))) AS t6,
    stddev_samp(CASE WHEN (f.currency = CAST(:p31 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(:p32 AS STRING))) AS t7,
    sum(CASE WHEN (f.currency = CAST(:p33 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(:p34 AS STRING))) AS t8
  FROM deals f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.closed_at AS DATE)))
  INNER JOIN spine s ON ((f.closed_at >= (s.period_end + make_interval(0, -12))) AND (f.closed_at < s.period_end))
  WHERE (((f.closed_at >= CAST(:p35 AS TIMESTAMP)) AND (f.closed_at < CAST(:p36 AS TIMESTAMP))) AND ((((((((f.status = CAST(:p37 AS STRING)) OR (f.status IN (CAST(:p38 AS STRING), CAST(:p39 AS STRING)))) OR ((f.status = CAST(:p40 AS STRING)) AND (NOT (CASE WHEN (f.currency = CAST(:p41 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) OR ((f.status = CAST(:p42 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p43 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status = CAST(:p44 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p45 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p46 AS STRING)))) OR (f.status = CAST(:p47 AS STRING))) OR (f.status = CAST(:p48 AS STRING))) OR (f.status = CAST(:p49 AS STRING))))
  GROUP BY period
),
-- step: CollectValues (median of sales_cycle_days.cycle; fact deals, anchor closed_at, trailing 12 months)
g3_rows AS (
  SELECT s.period_start AS period,
    CAST(datediff(CAST(f.closed_at AS DATE), CAST(coalesce(lead.created_at, f.created_at) AS DATE)) AS DOUBLE) AS x
  FROM deals f
  LEFT JOIN leads lead ON (f.lead_id = lead.id)
  INNER JOIN spine s ON ((f.closed_at >= (s.period_end + make_interval(0, -12))) AND (f.closed_at < s.period_end))
  WHERE (((f.closed_at >= CAST(:p50 AS TIMESTAMP)) AND (f.closed_at < CAST(:p51 AS TIMESTAMP))) AND (f.status = CAST(:p52 AS STRING)))
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
  (CAST(((coalesce(g1.t1, 0) * (CAST(coalesce(g2.t1, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g2.t2, 0) AS DOUBLE), 0))) * g2.t6) AS DOUBLE) / NULLIF(CAST(g3.t1 AS DOUBLE), 0)) AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
LEFT JOIN g3 ON (g3.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 2024-07-01T00:00 2024-01-01T00:00 'open' 2024-07-01T00:00 2024-01-01T00:00 2024-01-01 'won' 'won' 'lost' 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 'EUR' 'won' 'EUR' 'won' 2023-02-01T00:00 2024-07-01T00:00 'won' 'won' 'lost' 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'won' 'won' 'won' 2023-02-01T00:00 2024-07-01T00:00 'won'

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact leads, anchor created_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.created_at) AS DATE) AS period,
    owner.name AS d_rep,
    count(*) FILTER (WHERE ((lk_won_at.v IS NOT NULL) AND ((CAST(:p13 AS BIGINT) IS NULL) OR (datediff(CAST(lk_won_at.v AS DATE), CAST(f.created_at AS DATE)) <= CAST(:p14 AS BIGINT))))) AS t1,
    count(*) AS t2
  FROM leads f
  LEFT JOIN reps owner ON (f.owner_id = owner.id)
  LEFT JOIN (
    SELECT f.lead_id AS k1,
      min(f.closed_at) AS v
    FROM deals f
    WHERE (f.status = CAST(:p15 AS STRING))
    GROUP BY f.lead_id
  ) lk_won_at ON (lk_won_at.k1 = f.id)
  WHERE ((f.created_at >= CAST(:p16 AS TIMESTAMP)) AND (f.created_at < CAST(:p17 AS TIMESTAMP)))
  GROUP BY period, d_rep
),
-- step: AggregateMeasures (fact orders, anchor ordered_at)
g2 AS (
  SELECT CAST(date_trunc('month', f.ordered_at) AS DATE) AS period,
    rep.name AS d_rep,
    count(*) FILTER (WHERE (NOT (CASE WHEN (f.currency = CAST(:p18 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t1,
    count(*) FILTER (WHERE (CASE WHEN (f.currency = CAST(:p19 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AS t2,
    count(*) FILTER (WHERE ((CASE WHEN (f.currency = CAST(:p20 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL) AND (f.currency <> CAST(:p21 AS STRING)))) AS t3,
    avg(CASE WHEN (f.currency = CAST(:p22 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) AS t4,
    stddev_samp(CASE WHEN (f.currency = CAST(:p23 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) AS t5,
    sum(CASE WHEN (f.currency = CAST(:p24 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) AS t6
  FROM orders f
  LEFT JOIN reps rep ON (f.rep_id = rep.id)
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.ordered_at AS DATE)))
  WHERE ((f.ordered_at >= CAST(:p25 AS TIMESTAMP)) AND (f.ordered_at < CAST(:p26 AS TIMESTAMP)))
  GROUP BY period, d_rep
),
-- step: CollectValues (median of sales_cycle_days.cycle; fact deals, anchor closed_at)
g3_rows AS (
  SELECT CAST(date_trunc('month', f.closed_at) AS DATE) AS period,
    owner.name AS d_rep,
    CAST(datediff(CAST(f.closed_at AS DATE), CAST(coalesce(lead.created_at, f.created_at) AS DATE)) AS DOUBLE) AS x
  FROM deals f
  LEFT JOIN reps owner ON (f.owner_id = owner.id)
  LEFT JOIN leads lead ON (f.lead_id = lead.id)
  WHERE (((f.closed_at >= CAST(:p27 AS TIMESTAMP)) AND (f.closed_at < CAST(:p28 AS TIMESTAMP))) AND (f.status = CAST(:p29 AS STRING)))
),
-- step: RankValues
g3_ranked AS (
  SELECT period,
    d_rep,
    x,
    row_number() OVER (PARTITION BY period, d_rep ORDER BY x ASC NULLS LAST) AS rn,
    count(x) OVER (PARTITION BY period, d_rep) AS cnt
  FROM g3_rows
),
-- step: PickOrderStatistics (median with a distribution-free 95 % interval)
g3 AS (
  SELECT period,
    d_rep,
    (max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END) + (((1 + (0.5 * (max(cnt) - 1))) - floor((1 + (0.5 * (max(cnt) - 1))))) * (max(CASE WHEN (rn = ceil((1 + (0.5 * (cnt - 1))))) THEN x END) - max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END)))) AS t1,
    coalesce(max(cnt), 0) AS t1_n,
    count(*) FILTER (WHERE (x IS NULL)) AS t1_x,
    max(CASE WHEN (rn = greatest(1, floor(((cnt * 0.5) - (1.959963984540054 * sqrt((cnt * 0.25))))))) THEN x END) AS t1_lo,
    max(CASE WHEN (rn = least(cnt, (ceil(((cnt * 0.5) + (1.959963984540054 * sqrt((cnt * 0.25))))) + 1))) THEN x END) AS t1_hi
  FROM g3_ranked
  GROUP BY period, d_rep
),
-- step: AggregateMeasures (fact deal_activities, anchor deal.closed_at)
g4 AS (
  SELECT CAST(date_trunc('month', deal.closed_at) AS DATE) AS period,
    owner.name AS d_rep,
    count(*) FILTER (WHERE ((deal.status = CAST(:p30 AS STRING)) AND (f.type IN (CAST(:p31 AS STRING), CAST(:p32 AS STRING), CAST(:p33 AS STRING))))) AS t1
  FROM activities f
  INNER JOIN deals deal ON (f.deal_id = deal.id)
  LEFT JOIN reps owner ON (deal.owner_id = owner.id)
  WHERE ((deal.closed_at >= CAST(:p34 AS TIMESTAMP)) AND (deal.closed_at < CAST(:p35 AS TIMESTAMP)))
  GROUP BY period, d_rep
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g5 AS (
  SELECT CAST(date_trunc('month', f.closed_at) AS DATE) AS period,
    owner.name AS d_rep,
    count(*) FILTER (WHERE (f.status = CAST(:p36 AS STRING))) AS t1
  FROM deals f
  LEFT JOIN reps owner ON (f.owner_id = owner.id)
  WHERE ((f.closed_at >= CAST(:p37 AS TIMESTAMP)) AND (f.closed_at < CAST(:p38 AS TIMESTAMP)))
  GROUP BY period, d_rep
),
-- step: ReconstructStageHistory (deals in state [(status = 'open') and qualified] at each period end)
g6_rows AS (
  SELECT f.entered_at AS ts,
    f.left_at,
    owner.name AS d_rep,
    1 AS v1
  FROM deal_stage_history f
  INNER JOIN deals deal ON (f.deal_id = deal.id)
  LEFT JOIN pipeline_stages stage_info ON ((f.pipeline = stage_info.pipeline) AND (f.stage = stage_info.stage))
  LEFT JOIN reps owner ON (deal.owner_id = owner.id)
  WHERE (((f.entered_at < CAST(:p39 AS TIMESTAMP)) AND ((f.left_at IS NULL) OR (f.left_at >= CAST(:p40 AS TIMESTAMP)))) AND ((f.status = CAST(:p41 AS STRING)) AND coalesce(stage_info.qualified, TRUE)))
),
-- step: ToStateChangeEvents (+1 entering, -1 leaving)
g6_events AS (
  SELECT e.ts,
    e.d_rep,
    e.delta,
    e.v1
  FROM (
    SELECT ts,
      d_rep,
      1 AS delta,
      v1
    FROM g6_rows
    UNION ALL
    SELECT left_at AS ts,
      d_rep,
      -1 AS delta,
      v1
    FROM g6_rows
    WHERE ((left_at IS NOT NULL) AND (left_at < CAST(:p42 AS TIMESTAMP)))
  ) e
),
-- step: BucketEvents (events before the range count in its first period)
g6_buckets AS (
  SELECT CASE WHEN (ts < CAST(:p43 AS TIMESTAMP)) THEN CAST(:p44 AS DATE) ELSE CAST(date_trunc('month', ts) AS DATE) END AS period,
    d_rep,
    sum((delta * v1)) AS t1,
    sum(CASE WHEN (v1 IS NOT NULL) THEN delta ELSE 0 END) AS t1_n,
    sum(CASE WHEN (v1 IS NULL) THEN delta ELSE 0 END) AS t1_x
  FROM g6_events
  GROUP BY period, d_rep
),
-- step: CumulateToPeriodEnd (running sum over the spine)
g6 AS (
  SELECT s.period_start AS period,
    kd.d_rep,
    sum(coalesce(bk.t1, 0)) OVER (PARTITION BY kd.d_rep ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1,
    sum(coalesce(bk.t1_n, 0)) OVER (PARTITION BY kd.d_rep ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1_n,
    sum(coalesce(bk.t1_x, 0)) OVER (PARTITION BY kd.d_rep ORDER BY s.period_start ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS t1_x
  FROM spine s
  CROSS JOIN (
    SELECT DISTINCT d_rep
    FROM g6_buckets
  ) kd
  LEFT JOIN g6_buckets bk ON ((bk.period = s.period_start) AND (bk.d_rep <=> kd.d_rep))
),
-- step: CollectGroupKeys (rep)
group_keys AS (
  SELECT DISTINCT u.d_rep
  FROM (
    SELECT d_rep
    FROM g1
    UNION ALL
    SELECT d_rep
    FROM g2
    UNION ALL
    SELECT d_rep
    FROM g3
    UNION ALL
    SELECT d_rep
    FROM g4
    UNION ALL
    SELECT d_rep
    FROM g5
    UNION ALL
    SELECT d_rep
    FROM g6
  ) u
)
-- step: JoinToSpine and ComputeKpis (lead_conversion_rate[default], average_order_value[default], sales_cycle_days[default], contacts_per_close[default], pipeline_density[default])
SELECT s.period_start,
  s.period_end,
  k.d_rep,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g2.t1, 0) AS g2_t1,
  coalesce(g2.t2, 0) AS g2_t2,
  coalesce(g2.t3, 0) AS g2_t3,
  g2.t4 AS g2_t4,
  g2.t5 AS g2_t5,
  coalesce(g2.t6, 0) AS g2_t6,
  g3.t1 AS g3_t1,
  coalesce(g3.t1_n, 0) AS g3_t1_n,
  coalesce(g3.t1_x, 0) AS g3_t1_x,
  g3.t1_lo AS g3_t1_lo,
  g3.t1_hi AS g3_t1_hi,
  coalesce(g4.t1, 0) AS g4_t1,
  coalesce(g5.t1, 0) AS g5_t1,
  coalesce(g6.t1, 0) AS g6_t1,
  coalesce(g6.t1_n, 0) AS g6_t1_n,
  coalesce(g6.t1_x, 0) AS g6_t1_x,
  (CAST(coalesce(g1.t1, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g1.t2, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t1, 0) AS k0_num,
  coalesce(g1.t2, 0) AS k0_den,
  g2.t4 AS k1_value,
  g3.t1 AS k2_value,
  (CAST(coalesce(g4.t1, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g5.t1, 0) AS DOUBLE), 0)) AS k3_value,
  coalesce(g4.t1, 0) AS k3_num,
  coalesce(g5.t1, 0) AS k3_den,
  coalesce(g6.t1, 0) AS k4_value
FROM spine s
CROSS JOIN group_keys k
LEFT JOIN g1 ON ((g1.period = s.period_start) AND (g1.d_rep <=> k.d_rep))
LEFT JOIN g2 ON ((g2.period = s.period_start) AND (g2.d_rep <=> k.d_rep))
LEFT JOIN g3 ON ((g3.period = s.period_start) AND (g3.d_rep <=> k.d_rep))
LEFT JOIN g4 ON ((g4.period = s.period_start) AND (g4.d_rep <=> k.d_rep))
LEFT JOIN g5 ON ((g5.period = s.period_start) AND (g5.d_rep <=> k.d_rep))
LEFT JOIN g6 ON ((g6.period = s.period_start) AND (g6.d_rep <=> k.d_rep))
ORDER BY k.d_rep ASC NULLS LAST, s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 null null 'won' 2024-01-01T00:00 2024-07-01T00:00 'EUR' 'EUR' 'EUR' 'EUR' 'EUR' 'EUR' 'EUR' 2024-01-01T00:00 2024-07-01T00:00 2024-01-01T00:00 2024-07-01T00:00 'won' 'won' 'call' 'meeting' 'email' 2024-01-01T00:00 2024-07-01T00:00 'won' 2024-01-01T00:00 2024-07-01T00:00 2024-07-01T00:00 2024-01-01T00:00 'open' 2024-07-01T00:00 2024-01-01T00:00 2024-01-01

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deals, anchor closed_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.closed_at) AS DATE) AS period,
    count(*) FILTER (WHERE ((f.status = CAST(:p13 AS STRING)) AND (NOT (CASE WHEN (f.currency = CAST(:p14 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.status = CAST(:p15 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p16 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.status = CAST(:p17 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p18 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p19 AS STRING)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(:p20 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(:p21 AS STRING))) AS t4,
    count(*) FILTER (WHERE ((f.status IN (CAST(:p22 AS STRING), CAST(:p23 AS STRING))) AND (NOT (CASE WHEN (f.currency = CAST(:p24 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t5,
    count(*) FILTER (WHERE ((f.status IN (CAST(:p25 AS STRING), CAST(:p26 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p27 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t6,
    count(*) FILTER (WHERE (((f.status IN (CAST(:p28 AS STRING), CAST(:p29 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p30 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p31 AS STRING)))) AS t7,
    sum(CASE WHEN (f.currency = CAST(:p32 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status IN (CAST(:p33 AS STRING), CAST(:p34 AS STRING)))) AS t8
  FROM deals f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.closed_at AS DATE)))
  WHERE (((f.closed_at >= CAST(:p35 AS TIMESTAMP)) AND (f.closed_at < CAST(:p36 AS TIMESTAMP))) AND (((((((((f.status = CAST(:p37 AS STRING)) AND (NOT (CASE WHEN (f.currency = CAST(:p38 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.status = CAST(:p39 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p40 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status = CAST(:p41 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p42 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p43 AS STRING)))) OR (f.status = CAST(:p44 AS STRING))) OR ((f.status IN (CAST(:p45 AS STRING), CAST(:p46 AS STRING))) AND (NOT (CASE WHEN (f.currency = CAST(:p47 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) OR ((f.status IN (CAST(:p48 AS STRING), CAST(:p49 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p50 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.status IN (CAST(:p51 AS STRING), CAST(:p52 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p53 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p54 AS STRING)))) OR (f.status IN (CAST(:p55 AS STRING), CAST(:p56 AS STRING)))))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (win_rate[by_value])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  coalesce(g1.t6, 0) AS g1_t6,
  coalesce(g1.t7, 0) AS g1_t7,
  coalesce(g1.t8, 0) AS g1_t8,
  (CAST(coalesce(g1.t4, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g1.t8, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t4, 0) AS k0_num,
  coalesce(g1.t8, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 'won' 'lost' 'EUR' 'won' 'lost' 'EUR' 'won' 'lost' 'EUR' 'EUR' 'EUR' 'won' 'lost' 2024-01-01T00:00 2024-07-01T00:00 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'won' 'won' 'lost' 'EUR' 'won' 'lost' 'EUR' 'won' 'lost' 'EUR' 'EUR' 'won' 'lost'

WITH
-- step: BuildPeriodSpine (2 quarter periods, fiscal year from month 7)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact deals, anchor closed_at, filtered)
g1 AS (
  SELECT CAST(date_trunc('quarter', f.closed_at) AS DATE) AS period,
    team.name AS d_team,
    f.product AS d_product,
    count(*) FILTER (WHERE (f.status = CAST(:p5 AS STRING))) AS t1,
    count(*) FILTER (WHERE (f.status IN (CAST(:p6 AS STRING), CAST(:p7 AS STRING)))) AS t2,
    count(*) FILTER (WHERE ((f.status = CAST(:p8 AS STRING)) AND (NOT (CASE WHEN (f.currency = CAST(:p9 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t3,
    count(*) FILTER (WHERE ((f.status = CAST(:p10 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p11 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t4,
    count(*) FILTER (WHERE (((f.status = CAST(:p12 AS STRING)) AND (CASE WHEN (f.currency = CAST(:p13 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p14 AS STRING)))) AS t5,
    sum(CASE WHEN (f.currency = CAST(:p15 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.status = CAST(:p16 AS STRING))) AS t6
  FROM deals f
  LEFT JOIN reps owner ON (f.owner_id = owner.id)
  LEFT JOIN teams team ON (owner.team_id = team.id)
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.closed_at AS DATE)))
  WHERE (((f.closed_at >= CAST(:p17 AS TIMESTAMP)) AND (f.closed_at < CAST(:p18 AS TIMESTAMP))) AND ((team.region = CAST(:p19 AS STRING)) AND (f.channel IN (CAST(:p20 AS STRING), CAST(:p21 AS STRING)))))
  GROUP BY period, d_team, d_product
),
-- step: CollectGroupKeys (team, product)
group_keys AS (
  SELECT DISTINCT u.d_team,
    u.d_product
  FROM (
    SELECT d_team,
      d_product
    FROM g1
  ) u
)
-- step: JoinToSpine and ComputeKpis (win_rate[default], revenue[default])
SELECT s.period_start,
  s.period_end,
  k.d_team,
  k.d_product,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  coalesce(g1.t6, 0) AS g1_t6,
  (CAST(coalesce(g1.t1, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g1.t2, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t1, 0) AS k0_num,
  coalesce(g1.t2, 0) AS k0_den,
  coalesce(g1.t6, 0) AS k1_value
FROM spine s
CROSS JOIN group_keys k
LEFT JOIN g1 ON (((g1.period = s.period_start) AND (g1.d_team <=> k.d_team)) AND (g1.d_product <=> k.d_product))
ORDER BY k.d_team ASC NULLS LAST, k.d_product ASC NULLS LAST, s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-04-01 2024-04-01 2024-07-01 'won' 'won' 'lost' 'won' 'EUR' 'won' 'EUR' 'won' 'EUR' 'EUR' 'EUR' 'won' 2024-01-01T00:00 2024-07-01T00:00 'North' 'web' 'referral'

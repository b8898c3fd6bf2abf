WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact costs, anchor incurred_on)
g1 AS (
  SELECT CAST(date_trunc('month', f.incurred_on) AS DATE) AS period,
    count(*) FILTER (WHERE ((f.category IN (CAST(:p13 AS STRING))) AND (NOT (CASE WHEN (f.currency = CAST(:p14 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.category IN (CAST(:p15 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p16 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.category IN (CAST(:p17 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p18 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p19 AS STRING)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(:p20 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.category IN (CAST(:p21 AS STRING)))) AS t4
  FROM costs f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.incurred_on AS DATE)))
  WHERE (((f.incurred_on >= CAST(:p22 AS TIMESTAMP)) AND (f.incurred_on < CAST(:p23 AS TIMESTAMP))) AND (((((f.category IN (CAST(:p24 AS STRING))) AND (NOT (CASE WHEN (f.currency = CAST(:p25 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.category IN (CAST(:p26 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p27 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.category IN (CAST(:p28 AS STRING))) AND (CASE WHEN (f.currency = CAST(:p29 AS STRING)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(:p30 AS STRING)))) OR (f.category IN (CAST(:p31 AS STRING)))))
  GROUP BY period
),
-- step: AggregateMeasures (fact customers, anchor first_purchase_at)
g2 AS (
  SELECT CAST(date_trunc('month', CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END) AS DATE) AS period,
    count(*) AS t1
  FROM accounts f
  LEFT JOIN (
    SELECT f.account_id AS k1,
      min(f.closed_at) AS v
    FROM deals f
    WHERE (f.status = CAST(:p32 AS STRING))
    GROUP BY f.account_id
  ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
  LEFT JOIN (
    SELECT f.account_id AS k1,
      min(f.ordered_at) AS v
    FROM orders f
    GROUP BY f.account_id
  ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
  WHERE ((CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END >= CAST(:p33 AS TIMESTAMP)) AND (CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END < CAST(:p34 AS TIMESTAMP)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (cac[marketing_only])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g2.t1, 0) AS g2_t1,
  (CAST(coalesce(g1.t4, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g2.t1, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t4, 0) AS k0_num,
  coalesce(g2.t1, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'marketing' 'EUR' 'marketing' 'EUR' 'marketing' 'EUR' 'EUR' 'EUR' 'marketing' 2024-01-01T00:00 2024-07-01T00:00 'marketing' 'EUR' 'marketing' 'EUR' 'marketing' 'EUR' 'EUR' 'marketing' 'won' 2024-01-01T00:00 2024-07-01T00:00

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact purchases, anchor purchased_at, trailing 36 months)
g1 AS (
  SELECT s.period_start AS period,
    count(*) FILTER (WHERE ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t4,
    count(*) FILTER (WHERE ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (f.account_id IS NOT NULL)))) AS t5,
    count(*) FILTER (WHERE ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (f.account_id IS NOT NULL))) AS t6,
    count(DISTINCT f.account_id) FILTER (WHERE (f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t7
  FROM (
    SELECT account_id,
      ordered_at AS purchased_at,
      amount,
      currency,
      rep_id,
      CAST(? AS VARCHAR) AS kind
    FROM orders
    UNION ALL
    SELECT account_id,
      closed_at AS purchased_at,
      amount,
      currency,
      owner_id AS rep_id,
      CAST(? AS VARCHAR) AS kind
    FROM deals
    WHERE ((status = CAST(? AS VARCHAR)) AND (account_id IS NOT NULL))
  ) f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.purchased_at AS DATE)))
  INNER JOIN spine s ON ((f.purchased_at >= (s.period_end + INTERVAL '-36 months')) AND (f.purchased_at < s.period_end))
  WHERE (((f.purchased_at >= CAST(? AS TIMESTAMP)) AND (f.purchased_at < CAST(? AS TIMESTAMP))) AND ((((((((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) OR (f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) OR ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (f.account_id IS NOT NULL)))) OR ((f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (f.account_id IS NOT NULL))) OR (f.kind IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))))
  GROUP BY period
),
-- step: AggregateMeasures (fact costs, anchor incurred_on, trailing 12 months)
g2 AS (
  SELECT s.period_start AS period,
    count(*) FILTER (WHERE ((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) AS t2,
    count(*) FILTER (WHERE (((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) AS t3,
    sum(CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END) FILTER (WHERE (f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS t4
  FROM costs f
  LEFT JOIN currency_rates_daily fx_1 ON ((fx_1.currency = f.currency) AND (fx_1.rate_date = CAST(f.incurred_on AS DATE)))
  INNER JOIN spine s ON ((f.incurred_on >= (s.period_end + INTERVAL '-12 months')) AND (f.incurred_on < s.period_end))
  WHERE (((f.incurred_on >= CAST(? AS TIMESTAMP)) AND (f.incurred_on < CAST(? AS TIMESTAMP))) AND (((((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (NOT (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR ((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL))) OR (((f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AND (CASE WHEN (f.currency = CAST(? AS VARCHAR)) THEN f.amount ELSE (f.amount * fx_1.rate) END IS NOT NULL)) AND (f.currency <> CAST(? AS VARCHAR)))) OR (f.category IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))))
  GROUP BY period
),
-- step: AggregateMeasures (fact customers, anchor first_purchase_at, trailing 12 months)
g3 AS (
  SELECT s.period_start AS period,
    count(*) AS t1
  FROM accounts f
  LEFT JOIN (
    SELECT f.account_id AS k1,
      min(f.closed_at) AS v
    FROM deals f
    WHERE (f.status = CAST(? AS VARCHAR))
    GROUP BY f.account_id
  ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
  LEFT JOIN (
    SELECT f.account_id AS k1,
      min(f.ordered_at) AS v
    FROM orders f
    GROUP BY f.account_id
  ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
  INNER JOIN spine s ON ((CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END >= (s.period_end + INTERVAL '-12 months')) AND (CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END < s.period_end))
  WHERE ((CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END >= CAST(? AS TIMESTAMP)) AND (CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END < CAST(? AS TIMESTAMP)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (ltv_cac_ratio[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  coalesce(g1.t6, 0) AS g1_t6,
  coalesce(g1.t7, 0) AS g1_t7,
  coalesce(g2.t1, 0) AS g2_t1,
  coalesce(g2.t2, 0) AS g2_t2,
  coalesce(g2.t3, 0) AS g2_t3,
  coalesce(g2.t4, 0) AS g2_t4,
  coalesce(g3.t1, 0) AS g3_t1,
  (CAST((CAST(coalesce(g1.t4, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g1.t7, 0) AS DOUBLE PRECISION), 0)) AS DOUBLE PRECISION) / NULLIF(CAST((CAST(coalesce(g2.t4, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g3.t1, 0) AS DOUBLE PRECISION), 0)) AS DOUBLE PRECISION), 0)) AS k0_value,
  (CAST(coalesce(g1.t4, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g1.t7, 0) AS DOUBLE PRECISION), 0)) AS k0_num,
  (CAST(coalesce(g2.t4, 0) AS DOUBLE PRECISION) / NULLIF(CAST(coalesce(g3.t1, 0) AS DOUBLE PRECISION), 0)) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
LEFT JOIN g3 ON (g3.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'order' 'deal' 'EUR' 'order' 'deal' 'EUR' 'order' 'deal' 'EUR' 'EUR' 'EUR' 'order' 'deal' 'order' 'deal' 'order' 'deal' 'order' 'deal' 'order' 'deal' 'won' 2021-02-01T00:00 2024-07-01T00:00 'order' 'deal' 'EUR' 'order' 'deal' 'EUR' 'order' 'deal' 'EUR' 'EUR' 'order' 'deal' 'order' 'deal' 'order' 'deal' 'order' 'deal' 'marketing' 'sales' 'EUR' 'marketing' 'sales' 'EUR' 'marketing' 'sales' 'EUR' 'EUR' 'EUR' 'marketing' 'sales' 2023-02-01T00:00 2024-07-01T00:00 'marketing' 'sales' 'EUR' 'marketing' 'sales' 'EUR' 'marketing' 'sales' 'EUR' 'EUR' 'marketing' 'sales' 'won' 2023-02-01T00:00 2024-07-01T00:00

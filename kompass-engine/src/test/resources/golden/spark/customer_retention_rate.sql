WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact purchases, anchor purchased_at, from the period before the range)
g1 AS (
  SELECT CAST(date_trunc('month', f.purchased_at) AS DATE) AS period,
    count(*) FILTER (WHERE (NOT (f.account_id IS NOT NULL))) AS t1,
    count(*) FILTER (WHERE (f.account_id IS NOT NULL)) AS t2,
    count(DISTINCT f.account_id) AS t3
  FROM (
    SELECT account_id,
      ordered_at AS purchased_at,
      amount,
      currency,
      rep_id,
      CAST(:p13 AS STRING) AS kind
    FROM orders
    UNION ALL
    SELECT account_id,
      closed_at AS purchased_at,
      amount,
      currency,
      owner_id AS rep_id,
      CAST(:p14 AS STRING) AS kind
    FROM deals
    WHERE ((status = CAST(:p15 AS STRING)) AND (account_id IS NOT NULL))
  ) f
  WHERE ((f.purchased_at >= CAST(:p16 AS TIMESTAMP)) AND (f.purchased_at < CAST(:p17 AS TIMESTAMP)))
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
    WHERE (f.status = CAST(:p18 AS STRING))
    GROUP BY f.account_id
  ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
  LEFT JOIN (
    SELECT f.account_id AS k1,
      min(f.ordered_at) AS v
    FROM orders f
    GROUP BY f.account_id
  ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
  WHERE ((CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END >= CAST(:p19 AS TIMESTAMP)) AND (CASE WHEN (lk_first_won_at.v IS NULL) THEN lk_first_order_at.v WHEN (lk_first_order_at.v IS NULL) THEN lk_first_won_at.v WHEN (lk_first_won_at.v <= lk_first_order_at.v) THEN lk_first_won_at.v ELSE lk_first_order_at.v END < CAST(:p20 AS TIMESTAMP)))
  GROUP BY period
),
-- step: ShiftOnePeriod (fact purchases, anchor purchased_at, previous period, from g1)
g3 AS (
  SELECT CAST((period + make_interval(0, 1)) AS DATE) AS period,
    t1,
    t2,
    t3
  FROM g1
)
-- step: JoinToSpine and ComputeKpis (customer_retention_rate[default])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g2.t1, 0) AS g2_t1,
  coalesce(g3.t1, 0) AS g3_t1,
  coalesce(g3.t2, 0) AS g3_t2,
  coalesce(g3.t3, 0) AS g3_t3,
  (CAST((coalesce(g1.t3, 0) - coalesce(g2.t1, 0)) AS DOUBLE) / NULLIF(CAST(coalesce(g3.t3, 0) AS DOUBLE), 0)) AS k0_value,
  (coalesce(g1.t3, 0) - coalesce(g2.t1, 0)) AS k0_num,
  coalesce(g3.t3, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
LEFT JOIN g2 ON (g2.period = s.period_start)
LEFT JOIN g3 ON (g3.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'order' 'deal' 'won' 2023-12-01T00:00 2024-07-01T00:00 'won' 2024-01-01T00:00 2024-07-01T00:00

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact purchases, anchor purchased_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.purchased_at) AS DATE) AS period,
    count(*) FILTER (WHERE ((CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + make_interval(0, 1)) + make_interval(0, 0, 0, -1))) AND (NOT (f.account_id IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + make_interval(0, 1)) + make_interval(0, 0, 0, -1))) AND (f.account_id IS NOT NULL))) AS t2,
    count(DISTINCT f.account_id) FILTER (WHERE (CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + make_interval(0, 1)) + make_interval(0, 0, 0, -1)))) AS t3,
    count(*) FILTER (WHERE (NOT (f.account_id IS NOT NULL))) AS t4,
    count(*) FILTER (WHERE (f.account_id IS NOT NULL)) AS t5,
    count(DISTINCT f.account_id) AS t6
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
  LEFT JOIN (
    SELECT f.id AS k1,
      min(CASE WHEN (lk_first_purchases.v >= 2) THEN coalesce(lk_first_order_at.v, lk_first_won_at.v) ELSE lk_later_purchase_at.v END) AS v
    FROM accounts f
    LEFT JOIN (
      SELECT f.account_id AS k1,
        count(*) AS v
      FROM (
        SELECT account_id,
          ordered_at AS purchased_at,
          amount,
          currency,
          rep_id,
          CAST(:p16 AS STRING) AS kind
        FROM orders
        UNION ALL
        SELECT account_id,
          closed_at AS purchased_at,
          amount,
          currency,
          owner_id AS rep_id,
          CAST(:p17 AS STRING) AS kind
        FROM deals
        WHERE ((status = CAST(:p18 AS STRING)) AND (account_id IS NOT NULL))
      ) f
      LEFT JOIN (
        SELECT f.id AS k1,
          min(CASE WHEN (lk_first_order_at.v IS NOT NULL) THEN CAST(:p19 AS STRING) ELSE CAST(:p20 AS STRING) END) AS v
        FROM accounts f
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.ordered_at) AS v
          FROM orders f
          GROUP BY f.account_id
        ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
        GROUP BY f.id
      ) lk_counts_as ON (lk_counts_as.k1 = f.account_id)
      LEFT JOIN (
        SELECT f.id AS k1,
          min(coalesce(lk_first_order_at.v, lk_first_won_at.v)) AS v
        FROM accounts f
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.ordered_at) AS v
          FROM orders f
          GROUP BY f.account_id
        ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.closed_at) AS v
          FROM deals f
          WHERE (f.status = CAST(:p21 AS STRING))
          GROUP BY f.account_id
        ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
        GROUP BY f.id
      ) lk_first_counted_at ON (lk_first_counted_at.k1 = f.account_id)
      WHERE ((f.kind = lk_counts_as.v) AND (f.purchased_at = lk_first_counted_at.v))
      GROUP BY f.account_id
    ) lk_first_purchases ON (lk_first_purchases.k1 = f.id)
    LEFT JOIN (
      SELECT f.account_id AS k1,
        min(f.ordered_at) AS v
      FROM orders f
      GROUP BY f.account_id
    ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
    LEFT JOIN (
      SELECT f.account_id AS k1,
        min(f.closed_at) AS v
      FROM deals f
      WHERE (f.status = CAST(:p22 AS STRING))
      GROUP BY f.account_id
    ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
    LEFT JOIN (
      SELECT f.account_id AS k1,
        min(f.purchased_at) AS v
      FROM (
        SELECT account_id,
          ordered_at AS purchased_at,
          amount,
          currency,
          rep_id,
          CAST(:p23 AS STRING) AS kind
        FROM orders
        UNION ALL
        SELECT account_id,
          closed_at AS purchased_at,
          amount,
          currency,
          owner_id AS rep_id,
          CAST(:p24 AS STRING) AS kind
        FROM deals
        WHERE ((status = CAST(:p25 AS STRING)) AND (account_id IS NOT NULL))
      ) f
      LEFT JOIN (
        SELECT f.id AS k1,
          min(CASE WHEN (lk_first_order_at.v IS NOT NULL) THEN CAST(:p26 AS STRING) ELSE CAST(:p27 AS STRING) END) AS v
        FROM accounts f
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.ordered_at) AS v
          FROM orders f
          GROUP BY f.account_id
        ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
        GROUP BY f.id
      ) lk_counts_as ON (lk_counts_as.k1 = f.account_id)
      LEFT JOIN (
        SELECT f.id AS k1,
          min(coalesce(lk_first_order_at.v, lk_first_won_at.v)) AS v
        FROM accounts f
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.ordered_at) AS v
          FROM orders f
          GROUP BY f.account_id
        ) lk_first_order_at ON (lk_first_order_at.k1 = f.id)
        LEFT JOIN (
          SELECT f.account_id AS k1,
            min(f.closed_at) AS v
          FROM deals f
          WHERE (f.status = CAST(:p28 AS STRING))
          GROUP BY f.account_id
        ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
        GROUP BY f.id
      ) lk_first_counted_at ON (lk_first_counted_at.k1 = f.account_id)
      WHERE ((f.kind = lk_counts_as.v) AND (f.purchased_at > lk_first_counted_at.v))
      GROUP BY f.account_id
    ) lk_later_purchase_at ON (lk_later_purchase_at.k1 = f.id)
    GROUP BY f.id
  ) lk_repeat_since ON (lk_repeat_since.k1 = f.account_id)
  WHERE ((f.purchased_at >= CAST(:p29 AS TIMESTAMP)) AND (f.purchased_at < CAST(:p30 AS TIMESTAMP)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (customer_retention_rate[repeat_purchase_rate])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  coalesce(g1.t3, 0) AS g1_t3,
  coalesce(g1.t4, 0) AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  coalesce(g1.t6, 0) AS g1_t6,
  (CAST(coalesce(g1.t3, 0) AS DOUBLE) / NULLIF(CAST(coalesce(g1.t6, 0) AS DOUBLE), 0)) AS k0_value,
  coalesce(g1.t3, 0) AS k0_num,
  coalesce(g1.t6, 0) AS k0_den
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'order' 'deal' 'won' 'order' 'deal' 'won' 'order' 'deal' 'won' 'won' 'order' 'deal' 'won' 'order' 'deal' 'won' 2024-01-01T00:00 2024-07-01T00:00

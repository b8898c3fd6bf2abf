WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact purchases, anchor purchased_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.purchased_at) AS DATE) AS period,
    count(*) FILTER (WHERE ((CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + INTERVAL '1 months') + INTERVAL '-1 days')) AND (NOT (f.account_id IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + INTERVAL '1 months') + INTERVAL '-1 days')) AND (f.account_id IS NOT NULL))) AS t2,
    count(DISTINCT f.account_id) FILTER (WHERE (CAST(lk_repeat_since.v AS DATE) <= ((CAST(date_trunc('month', f.purchased_at) AS DATE) + INTERVAL '1 months') + INTERVAL '-1 days'))) AS t3,
    count(*) FILTER (WHERE (NOT (f.account_id IS NOT NULL))) AS t4,
    count(*) FILTER (WHERE (f.account_id IS NOT NULL)) AS t5,
    count(DISTINCT f.account_id) AS t6
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
      LEFT JOIN (
        SELECT f.id AS k1,
          min(CASE WHEN (lk_first_order_at.v IS NOT NULL) THEN CAST(? AS VARCHAR) ELSE CAST(? AS VARCHAR) END) AS v
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
          WHERE (f.status = CAST(? AS VARCHAR))
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
      WHERE (f.status = CAST(? AS VARCHAR))
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
      LEFT JOIN (
        SELECT f.id AS k1,
          min(CASE WHEN (lk_first_order_at.v IS NOT NULL) THEN CAST(? AS VARCHAR) ELSE CAST(? AS VARCHAR) END) AS v
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
          WHERE (f.status = CAST(? AS VARCHAR))
          GROUP BY f.account_id
        ) lk_first_won_at ON (lk_first_won_at.k1 = f.id)
        GROUP BY f.id
      ) lk_first_counted_at ON (lk_first_counted_at.k1 = f.account_id)
      WHERE ((f.kind = lk_counts_as.v) AND (f.purchased_at > lk_first_counted_at.v))
      GROUP BY f.account_id
    ) lk_later_purchase_at ON (lk_later_purchase_at.k1 = f.id)
    GROUP BY f.id
  ) lk_repeat_since ON (lk_repeat_since.k1 = f.account_id)
  WHERE ((f.purchased_at >= CAST(? AS TIMESTAMP)) AND (f.purchased_at < CAST(? AS TIMESTAMP)))
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

WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact reps, anchor started_at)
g1 AS (
  SELECT CAST(date_trunc('month', CAST(f.started_at AS TIMESTAMP)) AS DATE) AS period,
    count(*) FILTER (WHERE (((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0) AND (NOT ((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE)) IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE (((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0) AND ((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE)) IS NOT NULL))) AS t2,
    avg((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE))) FILTER (WHERE ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)) AS t3,
    stddev_samp((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE))) FILTER (WHERE ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)) AS t4,
    sum((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE))) FILTER (WHERE ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)) AS t5
  FROM reps f
  LEFT JOIN (
    SELECT 1 AS k1,
      min(f.created_at) AS v
    FROM deals f
    GROUP BY 1
  ) lk_deals_since ON (lk_deals_since.k1 = 1)
  LEFT JOIN (
    SELECT f.owner_id AS k1,
      min(f.closed_at) AS v
    FROM deals f
    WHERE (f.status = CAST(? AS VARCHAR))
    GROUP BY f.owner_id
  ) lk_first_win_at ON (lk_first_win_at.k1 = f.id)
  WHERE (((f.started_at >= CAST(? AS TIMESTAMP)) AND (f.started_at < CAST(? AS TIMESTAMP))) AND (((((((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0) AND (NOT ((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE)) IS NOT NULL))) OR (((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0) AND ((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE)) IS NOT NULL))) OR ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)) OR ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)) OR ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0)))
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (rep_ramp_days[mean])
SELECT s.period_start,
  s.period_end,
  coalesce(g1.t1, 0) AS g1_t1,
  coalesce(g1.t2, 0) AS g1_t2,
  g1.t3 AS g1_t3,
  g1.t4 AS g1_t4,
  coalesce(g1.t5, 0) AS g1_t5,
  g1.t3 AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 2024-01-01T00:00 2024-07-01T00:00

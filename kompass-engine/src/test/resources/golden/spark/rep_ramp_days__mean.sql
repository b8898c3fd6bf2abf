WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(:p1 AS DATE), CAST(:p2 AS DATE)), (CAST(:p3 AS DATE), CAST(:p4 AS DATE)), (CAST(:p5 AS DATE), CAST(:p6 AS DATE)), (CAST(:p7 AS DATE), CAST(:p8 AS DATE)), (CAST(:p9 AS DATE), CAST(:p10 AS DATE)), (CAST(:p11 AS DATE), CAST(:p12 AS DATE))) AS v(period_start, period_end)
),
-- step: AggregateMeasures (fact reps, anchor started_at)
g1 AS (
  SELECT CAST(date_trunc('month', f.started_at) AS DATE) AS period,
    count(*) FILTER (WHERE ((datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0) AND (NOT (datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE)) IS NOT NULL)))) AS t1,
    count(*) FILTER (WHERE ((datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0) AND (datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE)) IS NOT NULL))) AS t2,
    avg(datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE))) FILTER (WHERE (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)) AS t3,
    stddev_samp(datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE))) FILTER (WHERE (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)) AS t4,
    sum(datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE))) FILTER (WHERE (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)) AS t5
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
    WHERE (f.status = CAST(:p13 AS STRING))
    GROUP BY f.owner_id
  ) lk_first_win_at ON (lk_first_win_at.k1 = f.id)
  WHERE (((f.started_at >= CAST(:p14 AS TIMESTAMP)) AND (f.started_at < CAST(:p15 AS TIMESTAMP))) AND ((((((datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0) AND (NOT (datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE)) IS NOT NULL))) OR ((datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0) AND (datediff(CAST(lk_first_win_at.v AS DATE), CAST(f.started_at AS DATE)) IS NOT NULL))) OR (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)) OR (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)) OR (datediff(CAST(f.started_at AS DATE), CAST(lk_deals_since.v AS DATE)) >= 0)))
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

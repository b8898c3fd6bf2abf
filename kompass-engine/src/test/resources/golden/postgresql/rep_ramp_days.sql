WITH
-- step: BuildPeriodSpine (6 month periods)
spine AS (
  SELECT period_start,
    period_end
  FROM (VALUES (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE)), (CAST(? AS DATE), CAST(? AS DATE))) AS v(period_start, period_end)
),
-- step: CollectValues (median of rep_ramp_days.ramp; fact reps, anchor started_at)
g1_rows AS (
  SELECT CAST(date_trunc('month', CAST(f.started_at AS TIMESTAMP)) AS DATE) AS period,
    CAST((CAST(lk_first_win_at.v AS DATE) - CAST(f.started_at AS DATE)) AS DOUBLE PRECISION) AS x
  FROM reps f
  LEFT JOIN (
    SELECT f.owner_id AS k1,
      min(f.closed_at) AS v
    FROM deals f
    WHERE (f.status = CAST(? AS VARCHAR))
    GROUP BY f.owner_id
  ) lk_first_win_at ON (lk_first_win_at.k1 = f.id)
  LEFT JOIN (
    SELECT 1 AS k1,
      min(f.created_at) AS v
    FROM deals f
    GROUP BY 1
  ) lk_deals_since ON (lk_deals_since.k1 = 1)
  WHERE (((f.started_at >= CAST(? AS TIMESTAMP)) AND (f.started_at < CAST(? AS TIMESTAMP))) AND ((CAST(f.started_at AS DATE) - CAST(lk_deals_since.v AS DATE)) >= 0))
),
-- step: RankValues
g1_ranked AS (
  SELECT period,
    x,
    row_number() OVER (PARTITION BY period ORDER BY x ASC NULLS LAST) AS rn,
    count(x) OVER (PARTITION BY period) AS cnt
  FROM g1_rows
),
-- step: PickOrderStatistics (median with a distribution-free 95 % interval)
g1 AS (
  SELECT period,
    (max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END) + (((1 + (0.5 * (max(cnt) - 1))) - floor((1 + (0.5 * (max(cnt) - 1))))) * (max(CASE WHEN (rn = ceil((1 + (0.5 * (cnt - 1))))) THEN x END) - max(CASE WHEN (rn = floor((1 + (0.5 * (cnt - 1))))) THEN x END)))) AS t1,
    coalesce(max(cnt), 0) AS t1_n,
    count(*) FILTER (WHERE (x IS NULL)) AS t1_x,
    max(CASE WHEN (rn = greatest(1, floor(((cnt * 0.5) - (1.959963984540054 * sqrt((cnt * 0.25))))))) THEN x END) AS t1_lo,
    max(CASE WHEN (rn = least(cnt, (ceil(((cnt * 0.5) + (1.959963984540054 * sqrt((cnt * 0.25))))) + 1))) THEN x END) AS t1_hi
  FROM g1_ranked
  GROUP BY period
)
-- step: JoinToSpine and ComputeKpis (rep_ramp_days[default])
SELECT s.period_start,
  s.period_end,
  g1.t1 AS g1_t1,
  coalesce(g1.t1_n, 0) AS g1_t1_n,
  coalesce(g1.t1_x, 0) AS g1_t1_x,
  g1.t1_lo AS g1_t1_lo,
  g1.t1_hi AS g1_t1_hi,
  g1.t1 AS k0_value
FROM spine s
LEFT JOIN g1 ON (g1.period = s.period_start)
ORDER BY s.period_start ASC NULLS LAST
-- binds: 2024-01-01 2024-02-01 2024-02-01 2024-03-01 2024-03-01 2024-04-01 2024-04-01 2024-05-01 2024-05-01 2024-06-01 2024-06-01 2024-07-01 'won' 2024-01-01T00:00 2024-07-01T00:00

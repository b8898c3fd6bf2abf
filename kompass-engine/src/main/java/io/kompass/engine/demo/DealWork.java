package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides every deal before any row is written, as the temp table {@code demo_deal} with numbers
 * only (ids and names are rendered when the rows are written): new-business deals from the reps'
 * monthly plan, the customers they win and how long those stay, and the expansion and renewal
 * deals with those customers. Each deal also gets its path through the pipeline (stalled,
 * reopened, skipped stages), its lead block and its activity block.
 */
final class DealWork {

  private final Connection c;
  private final Map<String, String> v;

  DealWork(Connection c, Timeline t) {
    this.c = c;
    this.v = new HashMap<>(ProfileSql.values(t));
    v.put("PICK_SEGMENT", ProfileSql.pickSegment("u_segment", "region_no"));
    v.put("PICK_CHANNEL", ProfileSql.pickDealChannel("u_channel"));
    v.put("PICK_NB_PRODUCT", ProfileSql.pickNewBusinessProduct("u_product"));
    v.put("PICK_EXP_PRODUCT", ProfileSql.pickExpansionProduct("u_product"));
    v.put("PICK_LOST_AT", SqlText.pick("u_lost_at", DemoProfile.LOST_AT_STAGE));
    // Expansions start in Qualification, so they can only be lost from there on.
    List<Double> lostAt = DemoProfile.LOST_AT_STAGE;
    v.put("PICK_EXP_LOST_AT", SqlText.pick("u_lost_at", lostAt.subList(1, lostAt.size())));
    v.put("PICK_EARLY_REASON", SqlText.pickUniform("u_reason", DemoProfile.EARLY_LOST_REASONS.size()));
    v.put("PICK_LATE_REASON", SqlText.pickUniform("u_reason", DemoProfile.LATE_LOST_REASONS.size()));
    v.put("PICK_RENEWAL_REASON", SqlText.pickUniform("u_reason", DemoProfile.RENEWAL_LOST_REASONS.size()));
    v.put("NB_MONEY", ProfileSql.money("amount_eur", "region_no"));
    v.put("EXP_MONEY", ProfileSql.money("deal_amount_eur", "region_no"));
    v.put("RENEWAL_MONEY",
        ProfileSql.roundMoney("amount * power(1 + " + SqlText.num(DemoProfile.RENEWAL_UPLIFT) + ", y)", "region_no"));
    v.put("STALLED", SqlText.num(DemoProfile.STALLED_SHARE));
    v.put("REOPEN", SqlText.num(DemoProfile.REOPEN_SHARE));
    v.put("REOPEN_FROM_LOST", SqlText.num(DemoProfile.REOPEN_FROM_LOST));
    v.put("SKIP", SqlText.num(DemoProfile.SKIP_STAGE_SHARE));
    v.put("PULL", SqlText.num(DemoProfile.QUARTER_END_PULL));
    v.put("PULL_DAYS", Integer.toString(DemoProfile.QUARTER_END_DAYS));
    v.put("EXP_WIN", SqlText.num(DemoProfile.EXPANSION_WIN_RATE));
    v.put("AVG_WIN", SqlText.num(DemoProfile.AVERAGE_WIN_RATE));
    v.put("EXP_SIZE", SqlText.num(DemoProfile.EXPANSION_SIZE));
    v.put("NOTICE", Integer.toString(DemoProfile.RENEWAL_NOTICE_DAYS));
  }

  /** The columns every deal has before its life is decided, in union order. */
  private static final String BASE_COLUMNS =
      "deal_no, kind, pipeline_no, rep_no, team_no, region_no, account_no, segment, channel, product, amount, amount_eur,"
          + " created_us, close_us, won, reached, start_pos, lead_us, renewal_year";

  /** New-business deals from the plan: one per slot of {@code demo_plan}. */
  void newBusiness() throws SQLException {
    exec("""
        CREATE TEMP TABLE demo_nb_base AS
        WITH slot AS (
          SELECT p.first_deal_no + r.i AS deal_no, p.rep_no, p.team_no, p.region_no, p.first_day, p.days,
                 p.win_factor, p.size_factor
          FROM demo_plan p, range(p.n) r(i)
        ), drawn AS (
          SELECT slot.*,
            demo_u(deal_no, ${d.SEGMENT}) AS u_segment, demo_u(deal_no, ${d.CHANNEL}) AS u_channel,
            demo_u(deal_no, ${d.PRODUCT}) AS u_product, demo_u(deal_no, ${d.WIN}) AS u_win,
            demo_u(deal_no, ${d.LOST_AT}) AS u_lost_at, demo_z(deal_no, ${d.AMOUNT}) AS z_amount,
            demo_z(deal_no, ${d.CYCLE}) AS z_cycle,
            greatest(first_day, least(first_day + days - 1,
              demo_workday(first_day + CAST(floor(demo_u(deal_no, ${d.DAY}) * days) AS INTEGER)))) AS created_day,
            demo_u(deal_no, ${d.TIME_OF_DAY}) AS u_time, demo_u(deal_no, ${d.LEAD_LAG}) AS u_lag
          FROM slot
        ), chosen AS (
          SELECT drawn.*, ${PICK_SEGMENT} AS segment, ${PICK_CHANNEL} AS channel, ${PICK_NB_PRODUCT} AS product,
            created_day * ${DAY} + 8 * ${HOUR} + CAST(floor(u_time * 9.5 * ${HOUR}) AS BIGINT) AS created_us
          FROM drawn
        ), valued AS (
          SELECT chosen.*,
            ${SEG_MEDIAN}[segment + 1] * ${PRICE}[product + 1] * size_factor
              * exp(${SEG_SPREAD}[segment + 1] * z_amount) AS amount_eur,
            u_win < least(0.92, ${SEG_WIN}[segment + 1] * ${CH_WIN}[channel + 1] * win_factor) AS won
          FROM chosen
        ), shaped AS (
          SELECT valued.*,
            CASE WHEN won THEN 5 ELSE ${PICK_LOST_AT} + 1 END AS reached
          FROM valued
        )
        SELECT deal_no, 0 AS kind, 0 AS pipeline_no, rep_no, team_no, region_no, deal_no AS account_no,
          segment, channel, product, ${NB_MONEY} AS amount, amount_eur, created_us,
          created_us + greatest(2 * ${HOUR}, CAST(${SEG_CYCLE}[segment + 1] * exp(0.45 * z_cycle)
            * (CASE WHEN won THEN 1.0 ELSE 0.35 + 0.65 * reached / 5.0 END) * ${DAY} AS BIGINT)) AS close_us,
          won, reached, 1 AS start_pos,
          greatest(${START}, r.started_us, least(created_us,
            demo_workday(CAST((created_us - CAST(u_lag * ${CH_LAG}[channel + 1] * ${DAY} AS BIGINT)) // ${DAY} AS INTEGER))
              * ${DAY}
              + 8 * ${HOUR} + CAST(floor(demo_u(deal_no, ${d.LEAD_TIME}) * 10 * ${HOUR}) AS BIGINT))) AS lead_us,
          CAST(NULL AS INTEGER) AS renewal_year
        FROM shaped JOIN (SELECT rep_no, started_us FROM demo_rep) r USING (rep_no)
        """);
    // Closing times fall in office hours, and some wins are pulled into the quarter before (the quarter-end push).
    exec("""
        CREATE TEMP TABLE demo_nb_timed AS
        WITH t AS (
          SELECT b.*,
            greatest(created_us + ${HOUR},
              demo_workday(CAST(close_us // ${DAY} AS INTEGER)) * ${DAY} + 9 * ${HOUR}
                + CAST(floor(demo_u(deal_no, ${d.CLOSE_TIME}) * 8 * ${HOUR}) AS BIGINT)) AS office_close_us
          FROM demo_nb_base b
        ), q AS (
          SELECT t.*, epoch_us(date_trunc('quarter', make_timestamp(office_close_us))) AS quarter_us FROM t
        )
        SELECT deal_no, kind, pipeline_no, rep_no, team_no, region_no, account_no, segment, channel, product, amount,
          amount_eur, created_us,
          CASE WHEN won AND office_close_us - quarter_us < ${PULL_DAYS} * ${DAY}
                 AND demo_u(deal_no, ${d.QUARTER_PULL}) < ${PULL} AND quarter_us - 4 * ${DAY} > created_us
               THEN quarter_us - (1 + CAST(floor(demo_u(deal_no, ${d.QUARTER_PULL_DAY}) * 3) AS BIGINT)) * ${DAY}
                 + (office_close_us - quarter_us) % ${DAY}
               ELSE office_close_us END AS close_us,
          won, reached, start_pos, lead_us, renewal_year
        FROM q
        """);
    exec("CREATE TEMP TABLE demo_nb AS " + lifecycle("demo_nb_timed"));
    exec("DROP TABLE demo_nb_base");
    exec("DROP TABLE demo_nb_timed");
  }

  /**
   * The life every deal gets once its plan (created, planned close, outcome) is known: whether it
   * stalls or is reopened, which stage it skips, and what it looks like "now".
   */
  private String lifecycle(String base) {
    return Sql.render("""
        WITH d AS (
          SELECT b.*,
            demo_u(deal_no, ${d.STALL}) AS u_stall, demo_u(deal_no, ${d.REOPEN}) AS u_reopen,
            demo_u(deal_no, ${d.REOPEN_KIND}) AS u_reopen_kind, demo_u(deal_no, ${d.REOPEN_AT}) AS u_reopen_at,
            demo_u(deal_no, ${d.SKIP}) AS u_skip, demo_u(deal_no, ${d.SKIP_AT}) AS u_skip_at,
            demo_u(deal_no, ${d.EXPECTED_CLOSE}) AS u_expected, demo_u(deal_no, ${d.LOST_REASON}) AS u_reason
          FROM ${BASE} b
        ), s AS (
          SELECT d.*,
            kind = 0 AND u_stall < ${STALLED} AND close_us + (close_us - created_us) // 2 < ${NOW} AS stalled
          FROM d
        ), r AS (
          SELECT s.*,
            CASE WHEN NOT stalled AND kind < 2 AND u_reopen < ${REOPEN}
                 THEN (CASE WHEN u_reopen_kind < ${REOPEN_FROM_LOST} THEN 1 ELSE 2 END) ELSE 0 END AS reopen,
            CASE WHEN kind < 2 AND reached - start_pos >= 2 AND u_skip < ${SKIP}
                 THEN start_pos + 1 + CAST(floor(u_skip_at * (reached - start_pos - 1)) AS INTEGER) ELSE 0 END AS skip_pos
          FROM s
        ), x AS (
          SELECT r.*,
            CASE WHEN reopen > 0 THEN created_us + CAST((close_us - created_us) * 0.55 AS BIGINT) END AS first_close_us,
            CASE WHEN reopen > 0
                 THEN created_us + CAST((close_us - created_us) * (0.62 + 0.2 * u_reopen_at) AS BIGINT) END AS reopen_us,
            CASE WHEN stalled THEN NULL ELSE close_us END AS final_us
          FROM r
        )
        SELECT ${COLUMNS}, stalled, reopen, skip_pos, first_close_us, reopen_us, final_us,
          CASE WHEN final_us < ${NOW} THEN (CASE WHEN won THEN 'won' ELSE 'lost' END)
               WHEN first_close_us < ${NOW} AND reopen_us >= ${NOW} THEN (CASE WHEN reopen = 1 THEN 'lost' ELSE 'won' END)
               ELSE 'open' END AS status,
          CASE WHEN final_us < ${NOW} THEN final_us
               WHEN first_close_us < ${NOW} AND reopen_us >= ${NOW} THEN first_close_us END AS closed_us,
          CAST(make_timestamp(CASE WHEN stalled OR kind = 2 THEN close_us
               ELSE created_us + CAST((close_us - created_us) * (0.85 + 0.3 * u_expected) AS BIGINT) END) AS DATE)
            AS expected_close,
          CASE WHEN pipeline_no = 1 THEN ${RENEWAL_REASONS_FROM} + ${PICK_RENEWAL_REASON}
               WHEN reached <= 2 THEN ${PICK_EARLY_REASON}
               ELSE ${LATE_REASONS_FROM} + ${PICK_LATE_REASON} END AS lost_reason_no
        FROM x
        """, with(Map.of("BASE", base, "COLUMNS", BASE_COLUMNS)));
  }

  /**
   * Customers are the accounts of won new-business deals. SMB and Mid-market customers churn with a
   * monthly hazard; Enterprise customers sign contracts of {@link DemoProfile#CONTRACT_MONTHS} and
   * churn only when one ends.
   */
  void customers() throws SQLException {
    exec("""
        CREATE TEMP TABLE demo_customer AS
        WITH w AS (
          SELECT account_no, deal_no AS first_deal_no, segment, channel, region_no, team_no, rep_no, product, amount,
            amount_eur, closed_us AS won_us, 1.0 - demo_u(account_no, ${d.CHURN}) AS u_life
          FROM demo_nb WHERE status = 'won'
        )
        SELECT w.*,
          CASE WHEN segment = ${ENTERPRISE} THEN CAST(floor(ln(u_life) / ln(1 - ${ENT_TERM_CHURN})) AS INTEGER) + 1 END
            AS life_terms,
          CASE WHEN segment = ${ENTERPRISE}
               THEN won_us + (CAST(floor(ln(u_life) / ln(1 - ${ENT_TERM_CHURN})) AS BIGINT) + 1) * ${TERM}
               ELSE won_us + (CAST(floor(ln(u_life) / ln(1 - ${SEG_CHURN}[segment + 1])) AS BIGINT) + 1) * ${MONTH} END
            AS churn_us
        FROM w
        """);
  }

  /**
   * Deals with existing customers, {@code count} in all: a renewal at the end of every contract term of an
   * Enterprise customer, and expansion deals drawn from the customers' active months (more for
   * bigger segments) to make up the rest. Returns how many were made.
   */
  long existingCustomers(long count, long firstDealNo) throws SQLException {
    exec("""
        CREATE TEMP TABLE demo_renewal AS
        WITH y AS (
          SELECT c.*, r.y, c.won_us + r.y * ${TERM} AS due_us
          FROM demo_customer c, range(1, c.life_terms + 1) r(y)
          WHERE c.segment = ${ENTERPRISE}
        )
        SELECT y.*, due_us - ${NOTICE} * ${DAY}
            + CAST((demo_u(account_no * 64 + y, ${d.RENEWAL_OPEN}) - 0.5) * 10 * ${DAY} AS BIGINT) AS at_us
        FROM y
        WHERE due_us - ${NOTICE} * ${DAY} + 5 * ${DAY} < ${NOW}
        """);
    long renewals = Sql.scalar(c, "SELECT count(*) FROM demo_renewal WHERE at_us < " + v.get("NOW"));
    long expansions = Math.max(0, count - renewals);
    // Candidates are drawn generously, then exactly the number needed is kept (a uniform thinning);
    // draw again with more candidates in the rare case there are too few.
    long found = 0;
    for (int oversample = 6; found < expansions && oversample <= 192; oversample *= 2) {
      exec("DROP TABLE IF EXISTS demo_upsell");
      exec(Sql.render("""
          CREATE TEMP TABLE demo_upsell AS
          WITH c AS (
            SELECT *, least(churn_us, ${NOW}) AS alive_end_us FROM demo_customer
            WHERE least(churn_us, ${NOW}) - won_us > 2 * ${MONTH}
          ), cand AS (
            SELECT c.*, c.account_no * 64 + r.j AS cand_key
            FROM c, range(CAST(least(63, floor(
              ${SEG_EXPANSION}[c.segment + 1] * ${F} * (c.alive_end_us - c.won_us) / ${MONTH}
              + demo_u(c.account_no, ${d.UPSELL_COUNT}))) AS BIGINT)) r(j)
          )
          SELECT *,
            won_us + ${MONTH} + CAST(demo_u(cand_key, ${d.UPSELL_TIME}) * (alive_end_us - won_us - ${MONTH}) AS BIGINT) AS at_us
          FROM cand
          ORDER BY demo_u(cand_key, ${d.UPSELL_PICK}), cand_key
          LIMIT ${N}
          """, with(Map.of("F", Integer.toString(oversample), "N", Long.toString(expansions)))));
      found = Sql.scalar(c, "SELECT count(*) FROM demo_upsell");
    }
    exec("""
        CREATE TEMP TABLE demo_exist_events AS
        SELECT 1 AS kind, account_no, cand_key AS event_key, at_us, segment, region_no, team_no, rep_no, product, amount,
          amount_eur, CAST(NULL AS INTEGER) AS y, CAST(NULL AS BIGINT) AS due_us, CAST(NULL AS INTEGER) AS life_terms
        FROM demo_upsell
        UNION ALL
        SELECT 2, account_no, account_no * 64 + y, at_us, segment, region_no, team_no, rep_no, product, amount, amount_eur,
          y, due_us, life_terms
        FROM demo_renewal WHERE at_us < ${NOW}
        """);
    // The account's original rep keeps it while still there; otherwise a ramped team mate takes over.
    exec("""
        CREATE TEMP TABLE demo_exist_owned AS
        WITH m AS (
          SELECT e.*, mo.month_no FROM demo_exist_events e
          JOIN demo_month mo ON e.at_us >= mo.from_us AND e.at_us < mo.to_us
        ), o AS (
          SELECT m.*, r.rep_no AS staying_rep FROM m
          LEFT JOIN demo_rep r ON r.rep_no = m.rep_no AND r.started_us <= m.at_us
            AND (r.ended_us IS NULL OR m.at_us < r.ended_us)
        ), s AS (
          SELECT o.*, ps.size AS pool_size FROM o
          JOIN (SELECT DISTINCT team_no, month_no, size FROM demo_pool) ps
            ON ps.team_no = o.team_no AND ps.month_no = o.month_no
        )
        SELECT s.* EXCLUDE (rep_no, at_us),
          coalesce(staying_rep, p.rep_no) AS rep_no,
          CASE WHEN staying_rep IS NOT NULL THEN at_us
               ELSE least(greatest(at_us, p.from_us), p.to_us - 8 * ${HOUR}) END AS at_us
        FROM s
        LEFT JOIN demo_pool p ON p.team_no = s.team_no AND p.month_no = s.month_no
          AND p.idx = CAST(floor(demo_u(s.event_key, ${d.OWNER_POOL}) * s.pool_size) AS INTEGER)
        """);
    exec(Sql.render("""
        CREATE TEMP TABLE demo_exist_base AS
        WITH n AS (
          SELECT e.*, ${FIRST} + row_number() OVER (ORDER BY at_us, account_no, kind, event_key) - 1 AS deal_no
          FROM demo_exist_owned e
        ), drawn AS (
          SELECT n.*, r.win_skill,
            demo_u(deal_no, ${d.UPSELL_PRODUCT}) AS u_product, demo_z(deal_no, ${d.UPSELL_AMOUNT}) AS z_amount,
            demo_u(deal_no, ${d.UPSELL_WIN}) AS u_win, demo_u(deal_no, ${d.UPSELL_LOST_AT}) AS u_lost_at,
            demo_z(deal_no, ${d.UPSELL_CYCLE}) AS z_cycle, demo_u(deal_no, ${d.RENEWAL_CLOSE}) AS u_close,
            demo_u(deal_no, ${d.RENEWAL_LOST_AT}) AS u_renewal_lost_at
          FROM n JOIN demo_rep r ON r.rep_no = n.rep_no
        ), chosen AS (
          SELECT drawn.*,
            CASE WHEN kind = 1 THEN ${PICK_EXP_PRODUCT} ELSE product END AS deal_product,
            -- Expansions are easier than new business but keep the segments' order of difficulty.
            CASE WHEN kind = 1 THEN u_win < least(0.9, ${EXP_WIN} * ${SEG_WIN}[segment + 1] / ${AVG_WIN} * win_skill)
                 ELSE y < life_terms END AS deal_won
          FROM drawn
        ), valued AS (
          SELECT chosen.*,
            CASE WHEN kind = 1
                 THEN ${SEG_MEDIAN}[segment + 1] * ${PRICE}[deal_product + 1] * ${EXP_SIZE}
                   * exp(${SEG_SPREAD}[segment + 1] * z_amount)
                 ELSE amount_eur * power(1 + ${UPLIFT}, y) END AS deal_amount_eur
          FROM chosen
        )
        SELECT deal_no, kind, CASE WHEN kind = 2 THEN 1 ELSE 0 END AS pipeline_no, rep_no, team_no, region_no, account_no,
          segment, ${EXISTING_CHANNEL} AS channel, deal_product AS product,
          CASE WHEN kind = 1 THEN ${EXP_MONEY} ELSE ${RENEWAL_MONEY} END AS amount,
          deal_amount_eur AS amount_eur, at_us AS created_us,
          CASE WHEN kind = 1
               THEN at_us + greatest(2 * ${HOUR},
                 CAST(${SEG_CYCLE}[segment + 1] * 0.6 * exp(0.45 * z_cycle) * ${DAY} AS BIGINT))
               WHEN deal_won THEN greatest(at_us + ${DAY}, due_us - CAST(u_close * 14 * ${DAY} AS BIGINT))
               ELSE due_us + CAST(u_close * 7 * ${DAY} AS BIGINT) END AS close_us,
          deal_won AS won,
          CASE WHEN kind = 1 THEN (CASE WHEN deal_won THEN 5 ELSE ${PICK_EXP_LOST_AT} + 2 END)
               ELSE (CASE WHEN deal_won OR u_renewal_lost_at < 0.6 THEN 2 ELSE 1 END) END AS reached,
          CASE WHEN kind = 1 THEN 2 ELSE 1 END AS start_pos,
          CAST(NULL AS BIGINT) AS lead_us, y AS renewal_year
        FROM valued
        """, with(Map.of("FIRST", Long.toString(firstDealNo), "UPLIFT", SqlText.num(DemoProfile.RENEWAL_UPLIFT)))));
    exec("CREATE TEMP TABLE demo_exist AS " + lifecycle("demo_exist_base"));
    for (String t : List.of("demo_renewal", "demo_upsell", "demo_exist_events", "demo_exist_owned", "demo_exist_base")) {
      exec("DROP TABLE IF EXISTS " + t);
    }
    return Sql.scalar(c, "SELECT count(*) FROM demo_exist");
  }

  /**
   * All deals in one table, with each new-business deal's block of leads (the ones that did not
   * convert, then its own) and each deal's block of activity numbers.
   */
  void combine() throws SQLException {
    exec("""
        CREATE TEMP TABLE demo_deal AS
        WITH a AS (
          SELECT * FROM demo_nb UNION ALL SELECT * FROM demo_exist
        ), n AS (
          SELECT a.*,
            CASE WHEN kind = 0
                 THEN CAST(least(150,
                   floor(ln(1.0 - demo_u(deal_no, ${d.SIBLINGS})) / ln(1.0 - ${CH_LEAD_TO_DEAL}[channel + 1]))) AS INTEGER)
                 ELSE 0 END AS siblings,
            CAST(greatest(1, round(${SEG_ACTS}[segment + 1]
              * (CASE kind WHEN 0 THEN 1.0 WHEN 1 THEN 0.6 ELSE 0.5 END)
              * (0.45 + 0.55 * reached / 5.0)
              * power(amount_eur / ${SEG_MEDIAN}[segment + 1], 0.25)
              * least(1.0, (coalesce(closed_us, ${NOW}) - created_us) / CAST(close_us - created_us AS DOUBLE))
              * exp(0.35 * demo_z(deal_no, ${d.ACTIVITY_COUNT})))) AS INTEGER) AS n_acts,
            CASE WHEN status = 'open' AND NOT stalled THEN 1 ELSE 0 END AS planned
          FROM a
        ), b AS (
          SELECT n.*,
            CASE WHEN kind = 0 THEN siblings + 1 ELSE 0 END AS lead_count,
            n_acts + 1 + CASE WHEN kind = 0 THEN 3 + 3 * siblings ELSE 0 END AS act_block
          FROM n
        )
        SELECT b.*,
          sum(lead_count) OVER w - lead_count + 1 AS lead_start,
          sum(act_block) OVER w - act_block + 1 AS act_start
        FROM b
        WINDOW w AS (ORDER BY deal_no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        """);
    exec("DROP TABLE demo_nb");
    exec("DROP TABLE demo_exist");
  }

  private Map<String, String> with(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(v);
    m.putAll(extra);
    return m;
  }

  private void exec(String template) throws SQLException {
    Sql.exec(c, Sql.render(template, v));
  }
}

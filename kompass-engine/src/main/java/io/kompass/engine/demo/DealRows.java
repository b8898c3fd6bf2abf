package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes {@code deal_stage_history} and {@code deals} for a range of deal numbers. The history is
 * built first; a deal's current stage and its {@code qualified_at} are then read back from it, so
 * the last history entry of every deal matches the deal by construction.
 */
final class DealRows {

  private final Connection c;
  private final Map<String, String> v;

  DealRows(Connection c, Timeline t) {
    this.c = c;
    this.v = new HashMap<>(ProfileSql.values(t));
    v.put("COMPANY_DRAWS", Names.companyDraws("d.account_no"));
    v.put("COMPANY_NUMBERS", Names.companyNumbers("region_no"));
    v.put("COMPANY_PARTS", Names.companyNameParts());
  }

  void write(long from, long to) throws SQLException {
    Map<String, String> m = new HashMap<>(v);
    m.put("FROM", Long.toString(from));
    m.put("TO", Long.toString(to));
    // Open stages are entered at increasing times spread over the deal's (first) close; then come
    // the first close and reopening of reopened deals, and the final close.
    Sql.exec(c, Sql.render("""
        CREATE TEMP TABLE demo_hist AS
        WITH d AS (
          SELECT * FROM demo_deal WHERE deal_no BETWEEN ${FROM} AND ${TO}
        ), o AS (
          SELECT d.deal_no, d.pipeline_no, d.created_us, r.k,
            reached - start_pos + 1 - CASE WHEN skip_pos > 0 THEN 1 ELSE 0 END AS n_open,
            start_pos + r.k + CASE WHEN skip_pos > 0 AND start_pos + r.k >= skip_pos THEN 1 ELSE 0 END AS pos,
            coalesce(first_close_us, close_us) - created_us AS span
          FROM d, range(d.reached - d.start_pos + 1 - CASE WHEN d.skip_pos > 0 THEN 1 ELSE 0 END) r(k)
        ), h AS (
          SELECT deal_no, pipeline_no, pos,
            created_us + CASE WHEN k = 0 THEN 0
              ELSE CAST(span * (k + 0.15 + 0.7 * demo_u(deal_no * 8 + k, ${d.STAGE_TIME})) / n_open AS BIGINT)
              END AS entered_us
          FROM o
          UNION ALL
          SELECT deal_no, pipeline_no,
            CASE WHEN pipeline_no = 0 THEN (CASE WHEN reopen = 1 THEN ${NB_LOST} ELSE ${NB_WON} END)
                 ELSE (CASE WHEN reopen = 1 THEN ${RENEWAL_LOST} ELSE ${RENEWAL_WON} END) END,
            first_close_us
          FROM d WHERE reopen > 0
          UNION ALL
          SELECT deal_no, pipeline_no, reached, reopen_us FROM d WHERE reopen > 0
          UNION ALL
          SELECT deal_no, pipeline_no,
            CASE WHEN pipeline_no = 0 THEN (CASE WHEN won THEN ${NB_WON} ELSE ${NB_LOST} END)
                 ELSE (CASE WHEN won THEN ${RENEWAL_WON} ELSE ${RENEWAL_LOST} END) END,
            final_us
          FROM d WHERE final_us IS NOT NULL
        )
        SELECT deal_no, pipeline_no, pos, entered_us,
          CASE WHEN pipeline_no = 0 THEN ${NB_STAGE}[pos] ELSE ${RENEWAL_STAGE}[pos] END AS stage,
          CASE WHEN pos = CASE WHEN pipeline_no = 0 THEN ${NB_WON} ELSE ${RENEWAL_WON} END THEN 'won'
               WHEN pos = CASE WHEN pipeline_no = 0 THEN ${NB_LOST} ELSE ${RENEWAL_LOST} END THEN 'lost'
               ELSE 'open' END AS status,
          CASE WHEN pipeline_no = 0 THEN ${NB_QUALIFIED}[pos] ELSE ${RENEWAL_QUALIFIED}[pos] END AS qualified
        FROM h WHERE entered_us < ${NOW}
        """, m));
    Sql.exec(c, Sql.render("""
        INSERT INTO deal_stage_history (deal_id, source_system, stage, status, entered_at, inferred, pipeline)
        SELECT 'D' || deal_no, ${SOURCE}, stage, status, make_timestamp(entered_us), false,
          CASE WHEN pipeline_no = 0 THEN 'New Business' ELSE 'Renewals' END FROM demo_hist
        """, m));
    Sql.exec(c, Sql.render("""
        INSERT INTO deals
        WITH d AS (
          SELECT d.*, h.stage, h.qualified_us, ${COMPANY_DRAWS}
          FROM demo_deal d
          JOIN (
            SELECT deal_no, arg_max(stage, entered_us) AS stage, min(entered_us) FILTER (WHERE qualified) AS qualified_us
            FROM demo_hist GROUP BY deal_no
          ) h ON h.deal_no = d.deal_no
          WHERE d.deal_no BETWEEN ${FROM} AND ${TO}
        ), n AS (
          SELECT d.*, ${COMPANY_NUMBERS} FROM d
        )
        SELECT 'D' || deal_no, ${SOURCE},
          concat(${COMPANY_PARTS}, ' - ', ${PRODUCT_NAME}[product + 1],
            CASE kind WHEN 1 THEN ' expansion' WHEN 2 THEN concat(' renewal ', renewal_year) ELSE '' END),
          CASE WHEN pipeline_no = 0 THEN 'New Business' ELSE 'Renewals' END,
          stage, status, amount, ${REGION_CURRENCY}[region_no + 1],
          make_timestamp(created_us), make_timestamp(closed_us),
          CASE WHEN status = 'open' THEN expected_close END,
          make_timestamp(qualified_us),
          CASE WHEN kind = 0 THEN 'L' || (lead_start + siblings) END,
          'AC' || account_no, 'R' || rep_no, ${PRODUCT_NAME}[product + 1], ${CH_NAME}[channel + 1],
          CASE WHEN status = 'lost' THEN ${LOST_REASON}[lost_reason_no + 1] END
        FROM n
        """, m));
    Sql.exec(c, "DROP TABLE demo_hist");
  }
}

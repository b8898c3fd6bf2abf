package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes what customers do after the sale: {@code orders} (one per won deal, then repeat orders in
 * the months a customer stays, seasonal like the rest of the business) and
 * {@code survey_responses} (CSAT after won deals, NPS every half year, lower shortly before a
 * customer churns). Scores shift with the rep's CSAT skill.
 */
final class CustomerRows {

  private final Connection c;
  private final Map<String, String> v;

  CustomerRows(Connection c, Timeline t, long totalDeals) {
    this.c = c;
    this.v = new HashMap<>(ProfileSql.values(t));
    v.put("N", Long.toString(totalDeals));
    v.put("PICK_REORDER_PRODUCT", ProfileSql.pickExpansionProduct("u_product"));
    v.put("REORDER_MONEY",
        ProfileSql.roundMoney("amount * " + v.get("SEG_REORDER_SHARE") + "[segment + 1] * exp(0.4 * z_amount)",
            "region_no"));
    v.put("CSAT_RATE", SqlText.num(DemoProfile.CSAT_RESPONSE_RATE));
    v.put("CSAT_MEAN", SqlText.num(DemoProfile.CSAT_MEAN));
    v.put("CSAT_SPREAD", SqlText.num(DemoProfile.CSAT_SPREAD));
    v.put("NPS_RATE", SqlText.num(DemoProfile.NPS_RESPONSE_RATE));
    v.put("NPS_MEAN", SqlText.num(DemoProfile.NPS_MEAN));
    v.put("NPS_SPREAD", SqlText.num(DemoProfile.NPS_SPREAD));
    v.put("NPS_PENALTY", SqlText.num(DemoProfile.NPS_CHURN_PENALTY));
  }

  void orders() throws SQLException {
    // Every won deal is invoiced within a few days; gross is the list price before the discount.
    exec("""
        INSERT INTO orders
        SELECT 'O' || deal_no, ${SOURCE}, 'AC' || account_no,
          make_timestamp(least(${NOW} - ${HOUR}, closed_us + CAST(demo_u(deal_no, ${d.ORDER_LAG}) * 5 * ${DAY} AS BIGINT))),
          amount,
          CAST(round(amount / (1 - demo_u(deal_no, ${d.DISCOUNT}) * ${SEG_DISCOUNT}[segment + 1]), 2) AS DECIMAL(18,2)),
          ${REGION_CURRENCY}[region_no + 1], 'D' || deal_no, 'R' || rep_no, ${PRODUCT_NAME}[product + 1]
        FROM demo_deal WHERE status = 'won'
        """);
    // Repeat orders: each month a customer stays it may order again; numbers come from a running
    // total of the customers' months, so they are unique without sorting the orders.
    exec(Sql.render("""
        INSERT INTO orders
        WITH c AS (
          SELECT c.*, least(c.churn_us, ${NOW}) AS alive_end_us,
            CAST(floor((least(c.churn_us, ${NOW}) - c.won_us) / ${MONTH}) AS BIGINT) AS months
          FROM demo_customer c
        ), o AS (
          SELECT c.*,
            sum(months) OVER (ORDER BY account_no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - months AS before
          FROM c
        ), m AS (
          SELECT o.*, ${N} + o.before + r.m AS order_no, r.m
          FROM o, range(1, o.months + 1) r(m)
        ), t AS (
          SELECT m.*,
            demo_workday(CAST((won_us + m * ${MONTH}
              + CAST((demo_u(order_no, ${d.REORDER_DAY}) - 0.5) * 10 * ${DAY} AS BIGINT)) // ${DAY} AS INTEGER))
              * ${DAY} + 9 * ${HOUR} + CAST(floor(demo_u(order_no, ${d.ORDER_TIME}) * 8 * ${HOUR}) AS BIGINT) AS at_us,
            demo_u(order_no, ${d.REORDER_PRODUCT}) AS u_product, demo_z(order_no, ${d.REORDER_AMOUNT}) AS z_amount
          FROM m
        ), s AS (
          SELECT t.*, month(make_timestamp(at_us)) AS calendar_month FROM t
          WHERE at_us > won_us AND at_us < alive_end_us
        )
        SELECT 'O' || order_no, ${SOURCE}, 'AC' || account_no, make_timestamp(at_us),
          ${REORDER_MONEY}, ${REORDER_MONEY}, ${REGION_CURRENCY}[region_no + 1], NULL,
          CASE WHEN r.owner_no IS NOT NULL THEN 'R' || r.owner_no END,
          ${PRODUCT_NAME}[${PICK_REORDER_PRODUCT} + 1]
        FROM s LEFT JOIN (SELECT rep_no AS owner_no, started_us AS owner_from, ended_us AS owner_to FROM demo_rep) r
          ON r.owner_no = s.rep_no AND r.owner_from <= s.at_us AND (r.owner_to IS NULL OR s.at_us < r.owner_to)
        WHERE demo_u(order_no, ${d.REORDER}) < ${SEG_REORDER}[segment + 1] * ${SEASON}[calendar_month]
        """, v));
  }

  void surveys() throws SQLException {
    exec("""
        INSERT INTO survey_responses
        WITH w AS (
          SELECT d.*, r.csat_skill,
            d.closed_us + CAST((2 + demo_u(d.deal_no, ${d.CSAT_DAY}) * 18) * ${DAY} AS BIGINT) AS at_us
          FROM demo_deal d JOIN demo_rep r ON r.rep_no = d.rep_no
          WHERE d.status = 'won' AND demo_u(d.deal_no, ${d.CSAT_RESPONSE}) < ${CSAT_RATE}
        )
        SELECT 'S' || deal_no, ${SOURCE}, 'csat',
          CAST(least(5, greatest(1,
            round(${CSAT_MEAN} + csat_skill + ${CSAT_SPREAD} * demo_z(deal_no, ${d.CSAT_SCORE})))) AS INTEGER),
          5, make_timestamp(at_us), 'AC' || account_no, 'R' || rep_no, 'D' || deal_no
        FROM w WHERE at_us < ${NOW}
        """);
    // Half-yearly NPS; survey numbers above every deal number, unique per account and half-year.
    exec("""
        INSERT INTO survey_responses
        WITH c AS (
          SELECT c.*, least(c.churn_us, ${NOW}) AS alive_end_us FROM demo_customer c
        ), h AS (
          SELECT c.*, r.j, ${N} + c.account_no * 16 + r.j AS survey_no,
            c.won_us + r.j * (${YEAR} // 2)
              + CAST(demo_u(${N} + c.account_no * 16 + r.j, ${d.NPS_DAY}) * 20 * ${DAY} AS BIGINT) AS at_us
          FROM c, range(1, least(15, CAST(floor((c.alive_end_us - c.won_us) / (${YEAR} / 2)) AS BIGINT)) + 1) r(j)
        ), a AS (
          SELECT h.*, r.rep_no AS staying_rep, coalesce(r.csat_skill, 0) AS csat_skill FROM h
          LEFT JOIN demo_rep r ON r.rep_no = h.rep_no AND r.started_us <= h.at_us
            AND (r.ended_us IS NULL OR h.at_us < r.ended_us)
          WHERE h.at_us < h.alive_end_us AND demo_u(h.survey_no, ${d.NPS_RESPONSE}) < ${NPS_RATE}
        )
        SELECT 'S' || survey_no, ${SOURCE}, 'nps',
          CAST(least(10, greatest(0, round(${NPS_MEAN} + 1.2 * csat_skill
            + ${NPS_SPREAD} * demo_z(survey_no, ${d.NPS_SCORE})
            - CASE WHEN churn_us - at_us < ${YEAR} / 2 THEN ${NPS_PENALTY} ELSE 0 END))) AS INTEGER),
          10, make_timestamp(at_us), 'AC' || account_no, CASE WHEN staying_rep IS NOT NULL THEN 'R' || staying_rep END, NULL
        FROM a
        """);
  }

  private void exec(String template) throws SQLException {
    Sql.exec(c, Sql.render(template, v));
  }
}

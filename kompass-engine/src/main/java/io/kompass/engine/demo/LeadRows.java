package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes {@code accounts} and {@code leads} for a range of deal numbers. Every new-business deal
 * has an account (a prospect, a customer once won) and a lead it came from; around that lead the
 * same rep got the channel's leads that did not become deals ("siblings"), a geometric number of
 * them with the channel's lead-to-deal rate, so that measured conversion per channel follows the
 * configured one. The siblings are kept in {@code demo_sib} for the activity writer until
 * {@link #dropSiblings}.
 */
final class LeadRows {

  /** Added to a lead number to name the company of a lead that never converted, apart from account names. */
  private static final long SIBLING_COMPANY_KEYS = 1L << 40;

  private final Connection c;
  private final Map<String, String> v;

  LeadRows(Connection c, Timeline t) {
    this.c = c;
    this.v = new HashMap<>(ProfileSql.values(t));
    v.put("PICK_SIB_REASON", SqlText.pickUniform("u_reason", DemoProfile.LEAD_LOST_REASONS.size()));
    v.put("COMPANY_NUMBERS", Names.companyNumbers("region_no"));
    v.put("COMPANY_NAME", Names.companyName());
    v.put("COUNTRY_NAME", Names.countryName());
    v.put("INDUSTRY_NAME", Names.industryName());
    v.put("PERSON_NUMBERS", Names.personNumbers("region_no"));
    v.put("PERSON_NAME", Names.personName());
    v.put("ACCOUNT_DOMAIN", Names.domain("account_no"));
    v.put("ACCOUNT_EMAIL", Names.email("account_no"));
    v.put("SIBLING_EMAIL", Names.email("'l', lead_no"));
    v.put("ACCOUNT_COMPANY_DRAWS", Names.companyDraws("account_no"));
    v.put("SIBLING_COMPANY_DRAWS", Names.companyDraws("lead_no + " + SIBLING_COMPANY_KEYS));
    v.put("CONVERTING_PERSON_DRAWS", Names.personDraws("lead_start + siblings"));
    v.put("SIBLING_PERSON_DRAWS", Names.personDraws("lead_no"));
  }

  void write(long from, long to) throws SQLException {
    Map<String, String> m = new HashMap<>(v);
    m.put("FROM", Long.toString(from));
    m.put("TO", Long.toString(to));
    Sql.exec(c, Sql.render("""
        INSERT INTO accounts
        WITH d AS (
          SELECT deal_no, account_no, region_no, segment, channel, lead_us, ${ACCOUNT_COMPANY_DRAWS}
          FROM demo_deal WHERE kind = 0 AND deal_no BETWEEN ${FROM} AND ${TO}
        ), n AS (
          SELECT d.*, ${COMPANY_NUMBERS} FROM d
        )
        SELECT 'AC' || account_no, ${SOURCE}, ${COMPANY_NAME}, ${ACCOUNT_DOMAIN}, ${SEG_NAME}[segment + 1],
          ${INDUSTRY_NAME}, ${REGION_NAME}[region_no + 1], ${COUNTRY_NAME}, ${CH_NAME}[channel + 1], make_timestamp(lead_us)
        FROM n
        """, m));
    // Siblings arrive around the converting lead, inside the owner's time with the company.
    Sql.exec(c, Sql.render("""
        CREATE TEMP TABLE demo_sib AS
        WITH d AS (
          SELECT d.deal_no, d.lead_start, d.siblings, d.region_no, d.channel, d.rep_no, d.lead_us, d.act_start, d.n_acts,
            greatest(${START}, r.started_us) AS lo_us, least(${NOW}, coalesce(r.ended_us, ${NOW})) AS hi_us
          FROM demo_deal d JOIN demo_rep r ON r.rep_no = d.rep_no
          WHERE d.kind = 0 AND d.siblings > 0 AND d.deal_no BETWEEN ${FROM} AND ${TO}
        ), s AS (
          SELECT d.*, r.j, d.lead_start + r.j AS lead_no,
            CAST((d.lead_us + CAST((demo_u(d.lead_start + r.j, ${d.SIBLING_TIME}) * 90 - 60) * ${DAY} AS BIGINT))
              // ${DAY} AS INTEGER)
              AS raw_day
          FROM d, range(d.siblings) r(j)
        ), t AS (
          SELECT s.*,
            least(hi_us - ${HOUR}, greatest(lo_us, demo_workday(raw_day) * ${DAY} + 8 * ${HOUR}
              + CAST(floor(demo_u(lead_no, ${d.SIBLING_TIME_OF_DAY}) * 10 * ${HOUR}) AS BIGINT))) AS created_us,
            demo_u(lead_no, ${d.SIBLING_STATUS}) AS u_status, demo_u(lead_no, ${d.SIBLING_RESOLVE}) AS u_resolve,
            demo_u(lead_no, ${d.SIBLING_REASON}) AS u_reason
          FROM s
        ), st AS (
          SELECT t.*,
            CASE WHEN ${NOW} - created_us < 21 * ${DAY}
                 THEN (CASE WHEN u_status < 0.65 THEN 'open' WHEN u_status < 0.75 THEN 'qualified' ELSE 'lost' END)
                 ELSE (CASE WHEN u_status < 0.93 THEN 'lost' WHEN u_status < 0.95 THEN 'qualified' ELSE 'open' END)
            END AS status
          FROM t
        )
        SELECT st.*,
          -- In office hours, but never before the lead came in nor after now.
          least(${NOW} - ${HOUR}, greatest(created_us + ${HOUR},
            demo_workday(CAST((created_us + ${HOUR}
              + CAST(u_resolve * least(40 * ${DAY}, greatest(${HOUR}, ${NOW} - created_us - 2 * ${HOUR})) AS BIGINT))
              // ${DAY} AS INTEGER)) * ${DAY}
              + 9 * ${HOUR} + CAST(floor(demo_u(lead_no, ${d.SIBLING_RESOLVE_TIME}) * 8 * ${HOUR}) AS BIGINT))) AS resolved_us,
          ${PICK_SIB_REASON} AS reason_no
        FROM st
        """, m));
    Sql.exec(c, Sql.render("""
        INSERT INTO leads
        WITH d AS (
          SELECT demo_deal.*, ${ACCOUNT_COMPANY_DRAWS}, ${CONVERTING_PERSON_DRAWS}
          FROM demo_deal WHERE kind = 0 AND deal_no BETWEEN ${FROM} AND ${TO}
        ), n AS (
          SELECT d.*, ${COMPANY_NUMBERS}, ${PERSON_NUMBERS} FROM d
        )
        SELECT 'L' || (lead_start + siblings), ${SOURCE}, make_timestamp(lead_us), ${PERSON_NAME}, ${ACCOUNT_EMAIL},
          ${COMPANY_NAME}, ${CH_NAME}[channel + 1],
          CASE status WHEN 'won' THEN 'converted' WHEN 'lost' THEN 'lost' ELSE 'qualified' END,
          make_timestamp(created_us),
          CASE WHEN status = 'won' THEN make_timestamp(closed_us) END,
          CASE WHEN status = 'lost' THEN make_timestamp(closed_us) END,
          CASE WHEN status = 'lost' THEN ${LOST_REASON}[lost_reason_no + 1] END,
          'R' || rep_no, 'AC' || account_no,
          NULL -- converted_deal_id: the demo's deals name their lead themselves
        FROM n
        """, m));
    Sql.exec(c, Sql.render("""
        INSERT INTO leads
        WITH d AS (
          SELECT demo_sib.*, ${SIBLING_COMPANY_DRAWS}, ${SIBLING_PERSON_DRAWS} FROM demo_sib
        ), n AS (
          SELECT d.*, ${COMPANY_NUMBERS}, ${PERSON_NUMBERS} FROM d
        )
        SELECT 'L' || lead_no, ${SOURCE}, make_timestamp(created_us), ${PERSON_NAME}, ${SIBLING_EMAIL},
          ${COMPANY_NAME}, ${CH_NAME}[channel + 1], status,
          CASE WHEN status = 'qualified' THEN make_timestamp(resolved_us) END,
          NULL,
          CASE WHEN status = 'lost' THEN make_timestamp(resolved_us) END,
          CASE WHEN status = 'lost' THEN ${LEAD_LOST_REASON}[reason_no + 1] END,
          'R' || rep_no, NULL, NULL
        FROM n
        """, m));
  }

  void dropSiblings() throws SQLException {
    Sql.exec(c, "DROP TABLE IF EXISTS demo_sib");
  }
}

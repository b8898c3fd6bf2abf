package io.kompass.engine.demo;

import static io.kompass.engine.demo.SqlText.pick;
import static io.kompass.engine.demo.SqlText.strings;

import io.kompass.engine.demo.DemoProfile.Segment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code activities} for a range of deal numbers: the calls, e-mails, meetings and tasks on
 * each deal (more for bigger deals and deals that got further), a planned next step on open deals,
 * a call on each converting lead before its deal and a few touches on leads that never converted
 * (more for cold outbound). Activity numbers come from each deal's block, so they are unique
 * without a global sort.
 */
final class ActivityRows {

  /** Activity types in the order of {@link Segment#activityMix()}. */
  static final List<String> TYPES = List.of("call", "email", "meeting", "task");

  private static final List<String> CALL_OUTCOMES = List.of("Connected", "Left voicemail", "No answer");
  private static final List<String> MEETING_OUTCOMES = List.of("Held", "No-show");
  private static final List<String> EMAIL_OUTCOMES = List.of("Sent", "Replied");
  private static final List<List<String>> SUBJECTS =
      List.of(
          List.of("Intro call", "Follow-up call", "Check-in call", "Pricing call"),
          List.of("Follow-up", "Proposal sent", "Meeting recap", "Pricing information"),
          List.of("Discovery meeting", "Product demo", "Proposal review", "Contract negotiation"),
          List.of("Send proposal", "Prepare demo", "Update forecast", "Schedule follow-up"));

  private final Connection c;
  private final Map<String, String> v;

  ActivityRows(Connection c, Timeline t) {
    this.c = c;
    this.v = new HashMap<>(ProfileSql.values(t));
    StringBuilder mix = new StringBuilder("CASE segment");
    for (int s = 0; s < DemoProfile.SEGMENTS.size(); s++) {
      mix.append(" WHEN ").append(s).append(" THEN ").append(pick("u_type", DemoProfile.SEGMENTS.get(s).activityMix()));
    }
    v.put("PICK_TYPE", mix.append(" END").toString());
    v.put("TYPE_NAME", strings(TYPES));
    v.put("TASK_NOT_DONE", SqlText.num(DemoProfile.TASK_NOT_DONE));
    v.put("CALL_OUTCOME", strings(CALL_OUTCOMES) + "[" + pick("u_outcome", List.of(0.55, 0.30, 0.15)) + " + 1]");
    v.put("MEETING_OUTCOME", strings(MEETING_OUTCOMES) + "[" + pick("u_outcome", List.of(0.93, 0.07)) + " + 1]");
    v.put("EMAIL_OUTCOME", strings(EMAIL_OUTCOMES) + "[" + pick("u_outcome", List.of(0.6, 0.4)) + " + 1]");
    StringBuilder subject = new StringBuilder("CASE type_no");
    for (int i = 0; i < SUBJECTS.size(); i++) {
      subject.append(" WHEN ").append(i).append(" THEN ").append(strings(SUBJECTS.get(i)))
          .append("[CAST(floor(u_subject * ").append(SUBJECTS.get(i).size()).append(") AS INTEGER) + 1]");
    }
    v.put("SUBJECT", subject.append(" END").toString());
    v.put("CALL_SECONDS", Integer.toString(DemoProfile.MEDIAN_CALL_SECONDS));
  }

  void write(long from, long to) throws SQLException {
    Map<String, String> m = new HashMap<>(v);
    m.put("FROM", Long.toString(from));
    m.put("TO", Long.toString(to));
    // Touches on the deal, spread from creation to close (or now), in office hours on weekdays;
    // slot n_acts of an open deal is its planned next step, due within three weeks.
    m.put("ROWS", Sql.render("""
        SELECT d.deal_no, d.account_no, d.rep_no, d.segment, d.created_us, coalesce(d.closed_us, ${NOW}) AS end_us,
          d.act_start + r.j AS act_no, r.j = d.n_acts AS planned, NULL AS lead_no
        FROM d, range(d.n_acts + d.planned) r(j)
        """, v));
    Sql.exec(c, Sql.render(insert("""
        WITH d AS (SELECT * FROM demo_deal WHERE deal_no BETWEEN ${FROM} AND ${TO}),
        x AS (${ROWS}),
        y AS (
          SELECT x.*,
            demo_u(act_no, ${d.ACTIVITY_TYPE}) AS u_type, demo_u(act_no, ${d.ACTIVITY_DONE}) AS u_done,
            demo_u(act_no, ${d.ACTIVITY_OUTCOME}) AS u_outcome, demo_u(act_no, ${d.ACTIVITY_SUBJECT}) AS u_subject,
            demo_z(act_no, ${d.CALL_SECONDS}) AS z_call, demo_u(act_no, ${d.DURATION}) AS u_duration,
            CASE WHEN planned
                 THEN CAST(${NOW} // ${DAY} AS INTEGER) + 1 + CAST(floor(demo_u(act_no, ${d.PLANNED_DAYS}) * 20) AS INTEGER)
                 ELSE demo_workday(CAST((created_us
                   + CAST(demo_u(act_no, ${d.ACTIVITY_DAY}) * (end_us - created_us) AS BIGINT)) // ${DAY} AS INTEGER))
            END AS day_no,
            8 * ${HOUR} + CAST(floor(demo_u(act_no, ${d.ACTIVITY_TIME_OF_DAY}) * 10 * ${HOUR}) AS BIGINT) AS time_of_day
          FROM x
        ), z AS (
          SELECT y.*,
            CASE WHEN planned THEN (CASE WHEN u_type < 0.6 THEN 3 ELSE 2 END) ELSE ${PICK_TYPE} END AS type_no,
            CASE WHEN planned THEN day_no * ${DAY} + time_of_day
                 ELSE greatest(created_us, least(end_us - 1, day_no * ${DAY} + time_of_day)) END AS occurred_us
          FROM y
        )
        """, "'D' || deal_no", "NULL", "'AC' || account_no"), m));
    // Lead touches: one call on the converting lead, and up to three (usually none
    // for inbound, one to three for cold outbound) on each lead that did not convert.
    m.put("ROWS", Sql.render("""
        SELECT d.deal_no, d.account_no, d.rep_no, d.segment, d.lead_us AS created_us, d.created_us AS end_us,
          d.act_start + d.n_acts + 1 AS act_no, false AS planned, d.lead_start + d.siblings AS lead_no
        FROM d WHERE d.kind = 0
        UNION ALL
        SELECT s.deal_no, NULL, s.rep_no, 0, s.created_us,
          CASE WHEN s.status IN ('lost', 'qualified') THEN s.resolved_us ELSE ${NOW} END,
          s.act_start + s.n_acts + 4 + 3 * s.j + r.k, false, s.lead_no
        FROM (
          SELECT demo_sib.*, demo_u(lead_no, ${d.LEAD_ACTIVITY_COUNT}) AS u_count FROM demo_sib
        ) s
        -- A plain cross join and filter: much faster than a lateral range() over a computed count.
        CROSS JOIN range(3) r(k)
        WHERE r.k < CASE WHEN s.channel = ${OUTBOUND} THEN 1 + CAST(floor(s.u_count * 3) AS INTEGER)
                         WHEN s.u_count < 0.25 THEN 1 ELSE 0 END
        """, v));
    Sql.exec(c, Sql.render(insert("""
        WITH d AS (SELECT * FROM demo_deal WHERE deal_no BETWEEN ${FROM} AND ${TO}),
        x AS (${ROWS}),
        y AS (
          SELECT x.*,
            demo_u(act_no, ${d.ACTIVITY_TYPE}) AS u_type, demo_u(act_no, ${d.ACTIVITY_DONE}) AS u_done,
            demo_u(act_no, ${d.ACTIVITY_OUTCOME}) AS u_outcome, demo_u(act_no, ${d.ACTIVITY_SUBJECT}) AS u_subject,
            demo_z(act_no, ${d.CALL_SECONDS}) AS z_call, demo_u(act_no, ${d.DURATION}) AS u_duration,
            demo_workday(CAST((created_us + CAST(demo_u(act_no, ${d.ACTIVITY_DAY}) * (end_us - created_us) AS BIGINT))
              // ${DAY} AS INTEGER)) * ${DAY}
              + 8 * ${HOUR} + CAST(floor(demo_u(act_no, ${d.ACTIVITY_TIME_OF_DAY}) * 10 * ${HOUR}) AS BIGINT) AS office_us
          FROM x
        ), z AS (
          -- The converting lead (the one with an account) gets a call; the others a call or an e-mail.
          SELECT y.*, CASE WHEN account_no IS NOT NULL OR u_type < 0.55 THEN 0 ELSE 1 END AS type_no,
            -- Never at the data's "now" (midnight after its last day) itself: a touch is on or before that last day.
            greatest(created_us, least(end_us, ${NOW} - 1, office_us)) AS occurred_us
          FROM y
        )
        """, "NULL", "'L' || lead_no", "CASE WHEN account_no IS NOT NULL THEN 'AC' || account_no END"), m));
  }

  /** The INSERT that renders rows of {@code z} (with type, time and draws decided) as activities. */
  private static String insert(String with, String dealId, String leadId, String accountId) {
    return "INSERT INTO activities\n" + with + """
        , f AS (
          SELECT z.*,
            NOT planned AND u_done >= CASE WHEN type_no = 3 THEN ${TASK_NOT_DONE} ELSE ${TASK_NOT_DONE} / 10 END AS done
          FROM z
        ), g AS (
          SELECT f.*,
            CASE WHEN NOT done OR type_no = 3 THEN NULL
                 WHEN type_no = 0 THEN ${CALL_OUTCOME}
                 WHEN type_no = 2 THEN ${MEETING_OUTCOME}
                 ELSE ${EMAIL_OUTCOME} END AS outcome
          FROM f
        )
        SELECT 'A' || act_no, ${SOURCE}, ${TYPE_NAME}[type_no + 1], make_timestamp(occurred_us), done,
          CASE WHEN outcome = 'Connected'
                 THEN CAST(least(3600, greatest(30, round(${CALL_SECONDS} * exp(0.7 * z_call)))) AS INTEGER)
               WHEN outcome = 'Left voicemail' THEN 20 + CAST(floor(u_duration * 40) AS INTEGER)
               WHEN outcome = 'Held' THEN [1800, 2700, 3600][CAST(floor(u_duration * 3) AS INTEGER) + 1]
               END,
        """ + dealId + ", " + leadId + ", " + accountId + """
        , 'R' || rep_no, outcome, ${SUBJECT}
        FROM g
        """;
  }
}

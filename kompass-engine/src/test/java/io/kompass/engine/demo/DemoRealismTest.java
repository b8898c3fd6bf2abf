package io.kompass.engine.demo;

import static io.kompass.engine.demo.DemoFixture.count;
import static io.kompass.engine.demo.DemoFixture.number;
import static io.kompass.engine.demo.DemoFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.demo.DemoProfile.Channel;
import io.kompass.engine.workspace.Workspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a sales analyst would look for in the demo company, each computed with SQL on the generated
 * tables and, where the profile configures it, compared with {@link DemoProfile}.
 */
class DemoRealismTest {

  final Workspace ws = DemoFixture.company();

  /** Deals with their amount in EUR, converted at the rate of the close (or creation) day. */
  static final String DEALS_EUR = """
      (SELECT d.*, d.amount * CASE WHEN d.currency = 'EUR' THEN 1 ELSE x.rate END AS amount_eur
       FROM deals d LEFT JOIN currency_rates_daily x
         ON x.currency = d.currency AND x.rate_date = CAST(coalesce(d.closed_at, d.created_at) AS DATE))""";

  /** Stage changes with the position of the stage and the status and position before it. */
  static final String TRANSITIONS = """
      (SELECT h.deal_id, h.status, p.position,
         lag(h.status) OVER w AS prev_status, lag(p.position) OVER w AS prev_position
       FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id
       JOIN pipeline_stages p ON p.pipeline = d.pipeline AND p.stage = h.stage
       WINDOW w AS (PARTITION BY h.deal_id ORDER BY h.entered_at))""";

  /** A two-column result (name, number) as a map. */
  Map<String, Double> byName(String sql) {
    Map<String, Double> out = new HashMap<>();
    for (List<Object> r : rows(ws, sql)) {
      out.put(String.valueOf(r.get(0)), ((Number) r.get(1)).doubleValue());
    }
    return out;
  }

  @Test
  void leadConversionFollowsTheConfiguredOrderOfChannels() {
    Map<String, Double> conversion = byName("""
        SELECT l.channel, count(d.id) / count(*) FROM leads l
        LEFT JOIN deals d ON d.lead_id = l.id AND d.status = 'won' GROUP BY l.channel""");
    List<Channel> byConfigured = new ArrayList<>(DemoProfile.CHANNELS);
    byConfigured.sort(Comparator.comparingDouble(Channel::configuredConversion).reversed());
    List<Double> measured = byConfigured.stream().map(c -> conversion.get(c.name())).toList();
    assertThat(measured).as("conversion of %s", byConfigured.stream().map(Channel::name).toList())
        .isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
    assertThat(measured.get(0)).isGreaterThan(4 * measured.get(measured.size() - 1));
    double overall = number(ws, """
        SELECT count(d.id) / count(*) FROM leads l LEFT JOIN deals d ON d.lead_id = l.id AND d.status = 'won'""");
    assertThat(overall).isBetween(0.06, 0.16);
  }

  @Test
  void customerAcquisitionCostPerChannelFollowsTheConfiguredOrder() {
    Map<String, Double> cac = byName("""
        WITH first_win AS (SELECT account_id FROM deals WHERE status = 'won' GROUP BY account_id),
        customers AS (
          SELECT a.channel, count(*) AS n FROM first_win f JOIN accounts a ON a.id = f.account_id GROUP BY a.channel),
        spend AS (
          SELECT channel, sum(amount) AS eur FROM costs
          WHERE category = 'marketing' AND channel IS NOT NULL GROUP BY channel)
        SELECT spend.channel, spend.eur / customers.n FROM spend JOIN customers ON customers.channel = spend.channel""");
    List<Channel> byConfigured = new ArrayList<>(DemoProfile.CHANNELS);
    byConfigured.sort(Comparator.comparingDouble(Channel::configuredCac));
    List<Double> measured = byConfigured.stream().map(c -> cac.get(c.name())).toList();
    assertThat(measured).as("CAC of %s", byConfigured.stream().map(Channel::name).toList())
        .isSorted().doesNotHaveDuplicates();
    assertThat(measured.get(measured.size() - 1)).isGreaterThan(3 * measured.get(0));
  }

  @Test
  void newRepsWinLessAndSellLessWhileTheyRampUp() {
    List<Object> r = rows(ws, """
        WITH r AS (
          SELECT id, started_at, least(coalesce(ended_at, DATE '2025-12-31'), DATE '2025-12-31') AS until FROM reps
          WHERE started_at >= DATE '2023-01-01'
            AND date_diff('day', started_at, least(coalesce(ended_at, DATE '2025-12-31'), DATE '2025-12-31')) >= 270
        ), x AS (
          SELECT d.status, date_diff('day', r.started_at, CAST(d.created_at AS DATE)) AS tenure
          FROM r JOIN deals d ON d.owner_id = r.id AND d.lead_id IS NOT NULL
        )
        SELECT
          avg(CASE WHEN status = 'won' THEN 1.0 ELSE 0.0 END) FILTER (WHERE tenure < 90 AND status <> 'open'),
          avg(CASE WHEN status = 'won' THEN 1.0 ELSE 0.0 END) FILTER (WHERE tenure >= 180 AND status <> 'open'),
          count(*) FILTER (WHERE tenure < 90 AND status <> 'open'),
          count(*) FILTER (WHERE tenure < 90) / (SELECT count(*) * 3.0 FROM r),
          count(*) FILTER (WHERE tenure >= 180) / (SELECT sum(date_diff('day', started_at, until) - 180) / 30.44 FROM r),
          (SELECT count(*) FROM r)
        FROM x
        """).get(0);
    assertThat(((Number) r.get(5)).longValue()).as("reps hired during the timeline").isGreaterThanOrEqualTo(3);
    assertThat(((Number) r.get(2)).longValue()).as("closed deals from their first 90 days").isGreaterThan(100);
    double earlyWinRate = ((Number) r.get(0)).doubleValue();
    double laterWinRate = ((Number) r.get(1)).doubleValue();
    assertThat(earlyWinRate).isLessThan(0.85 * laterWinRate);
    assertThat(((Number) r.get(3)).doubleValue()).as("deals per month while ramping")
        .isLessThan(0.75 * ((Number) r.get(4)).doubleValue());
  }

  @Test
  void dealFlowIsSeasonalWithAModestUpwardTrend() {
    Map<String, Double> created = byName("SELECT month(created_at), count(*) FROM deals GROUP BY 1");
    double average = created.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat((created.get("7") + created.get("8")) / 2).as("July and August").isLessThan(0.85 * average);
    assertThat(created.get("12")).as("December").isLessThan(average);
    Map<String, Double> won = byName("SELECT month(closed_at), count(*) FROM deals WHERE status = 'won' GROUP BY 1");
    double wonAverage = won.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat((won.get("3") + won.get("6") + won.get("9")) / 3).as("wins in quarter-end months")
        .isGreaterThan(1.05 * wonAverage);
    double growth = number(ws, """
        SELECT count(*) FILTER (WHERE year(created_at) = 2025) / count(*) FILTER (WHERE year(created_at) = 2023)
        FROM deals WHERE lead_id IS NOT NULL""");
    assertThat(growth).as("new business 2025 over 2023").isBetween(1.1, 1.6);
  }

  @Test
  void customersStayForMonthsButChurn() {
    List<Double> retention = rows(ws, """
        WITH act AS (
          SELECT DISTINCT account_id, m FROM (
            SELECT account_id, date_trunc('month', ordered_at) AS m FROM orders
            UNION ALL SELECT account_id, date_trunc('month', closed_at) FROM deals WHERE status = 'won')
        ), f AS (SELECT account_id, min(m) AS fm FROM act GROUP BY account_id),
        p AS (
          SELECT a.m, count(*) AS e, count(*) FILTER (WHERE f.fm = a.m) AS n
          FROM act a JOIN f USING (account_id) GROUP BY a.m)
        SELECT (p.e - p.n) / prev.e FROM p JOIN p prev ON prev.m = p.m - INTERVAL 1 MONTH
        WHERE p.m >= DATE '2023-07-01' ORDER BY 1
        """).stream().map(r -> ((Number) r.get(0)).doubleValue()).toList();
    assertThat(retention).hasSize(30);
    assertThat(retention.get(retention.size() / 2)).as("median monthly retention").isBetween(0.4, 0.95);
    assertThat(retention.stream().filter(x -> x >= 0.4 && x <= 0.95).count()).isGreaterThanOrEqualTo(24);
    double stopped = number(ws, """
        WITH last AS (SELECT account_id, max(ordered_at) AS last_order FROM orders GROUP BY account_id)
        SELECT count(*) FILTER (WHERE last_order < DATE '2025-01-01') / count(*) FROM last
        WHERE account_id IN (SELECT account_id FROM orders WHERE ordered_at < DATE '2024-07-01')""");
    assertThat(stopped).as("early customers who stopped buying").isBetween(0.15, 0.7);
    assertThat(count(ws, "SELECT count(*) FROM (SELECT account_id FROM orders GROUP BY 1 HAVING count(*) >= 2)"))
        .as("repeat customers").isPositive();
  }

  @Test
  void teamsSellInTheirRegionsCurrency() {
    assertThat(count(ws, "SELECT count(*) FROM deals WHERE currency = 'SEK'")).isPositive();
    assertThat(count(ws, """
        SELECT count(*) FROM deals d JOIN reps r ON r.id = d.owner_id JOIN teams t ON t.id = r.team_id
        WHERE (d.currency = 'SEK') <> (t.region = 'Nordics')""")).isZero();
    assertThat(rows(ws, "SELECT DISTINCT currency FROM deals ORDER BY 1")).containsExactly(List.of("EUR"), List.of("SEK"));
    assertThat(count(ws, """
        SELECT count(*) FROM orders o JOIN accounts a ON a.id = o.account_id
        WHERE (o.currency = 'SEK') <> (a.region = 'Nordics')""")).isZero();
    List<Object> rates = rows(ws, "SELECT min(rate), max(rate) FROM currency_rates WHERE currency = 'SEK'").get(0);
    double low = ((Number) rates.get(0)).doubleValue();
    double high = ((Number) rates.get(1)).doubleValue();
    assertThat(low).isGreaterThanOrEqualTo(0.085);
    assertThat(high).isLessThanOrEqualTo(0.095).as("drift").isGreaterThan(low + 0.002);
  }

  @Test
  void salesForceHasTeamsInEveryRegionWithHiresAndLeavers() {
    assertThat(rows(ws, "SELECT DISTINCT region FROM teams")).hasSize(DemoProfile.REGIONS.size());
    assertThat(rows(ws, "SELECT team_id, count(*) FROM reps WHERE ended_at IS NULL GROUP BY 1"))
        .allSatisfy(r -> assertThat(((Number) r.get(1)).longValue()).isBetween(4L, 8L));
    assertThat(count(ws, "SELECT count(*) FROM reps WHERE ended_at IS NOT NULL")).isPositive();
    assertThat(count(ws, "SELECT count(*) FROM reps WHERE started_at >= DATE '2023-01-01'")).isGreaterThanOrEqualTo(3);
    assertThat(count(ws, "SELECT count(*) FROM reps")).isGreaterThanOrEqualTo(DemoProfile.MIN_REPS);
    double spread = number(ws, """
        SELECT max(w) - min(w) FROM (
          SELECT owner_id, avg(CASE WHEN status = 'won' THEN 1.0 ELSE 0.0 END) AS w FROM deals
          WHERE status <> 'open' AND lead_id IS NOT NULL GROUP BY owner_id HAVING count(*) >= 200)""");
    assertThat(spread).as("spread of the reps' win rates").isGreaterThan(0.08);
  }

  @Test
  void dealsDifferBySegmentAndCloseAtARealisticWinRate() {
    double winRate = number(ws, """
        SELECT count(*) FILTER (WHERE status = 'won') / count(*) FROM deals
        WHERE status <> 'open' AND lead_id IS NOT NULL""");
    assertThat(winRate).isBetween(0.25, 0.40);
    Map<String, Double> median = byName("SELECT a.segment, median(d.amount_eur) FROM " + DEALS_EUR + " d"
        + " JOIN accounts a ON a.id = d.account_id WHERE d.lead_id IS NOT NULL GROUP BY 1");
    assertThat(median.get("Enterprise")).isGreaterThan(10 * median.get("SMB"));
    assertThat(median.get("Mid-market")).isBetween(2 * median.get("SMB"), median.get("Enterprise") / 2);
    Map<String, Double> cycle = byName("""
        SELECT a.segment, median(date_diff('day', d.created_at, d.closed_at)) FROM deals d
        JOIN accounts a ON a.id = d.account_id WHERE d.status = 'won' AND d.lead_id IS NOT NULL GROUP BY 1""");
    assertThat(cycle.get("SMB")).isLessThan(45.0);
    assertThat(cycle.get("Enterprise")).isGreaterThan(90.0).isGreaterThan(cycle.get("Mid-market"));
    Map<String, Double> winBySegment = byName("""
        SELECT a.segment, count(*) FILTER (WHERE d.status = 'won') / count(*) FROM deals d
        JOIN accounts a ON a.id = d.account_id WHERE d.status <> 'open' GROUP BY 1""");
    assertThat(winBySegment.get("SMB")).as("all deals, renewals included")
        .isGreaterThan(winBySegment.get("Mid-market")).isGreaterThan(winBySegment.get("Enterprise"));
    assertThat(count(ws, "SELECT count(DISTINCT product) FROM deals")).isEqualTo(DemoProfile.PRODUCTS.size());
    double recentOpen = number(ws, """
        SELECT count(*) FILTER (WHERE created_at >= DATE '2025-07-01') / count(*) FROM deals WHERE status = 'open'""");
    assertThat(recentOpen).as("open deals created in the last half year").isBetween(0.6, 0.99);
    assertThat(count(ws, "SELECT count(*) FROM deals WHERE status = 'open' AND expected_close_at < DATE '2025-12-31'"))
        .as("overdue open deals").isPositive();
    assertThat(number(ws, "SELECT count(*) FILTER (WHERE lead_id IS NULL) / count(*) FROM deals"))
        .as("deals with existing customers").isBetween(0.1, 0.2);
    assertThat(rows(ws, "SELECT DISTINCT status FROM deals WHERE pipeline = 'Renewals' ORDER BY 1"))
        .containsExactly(List.of("lost"), List.of("open"), List.of("won"));
    assertThat(count(ws, "SELECT count(*) FROM deals WHERE status = 'lost' AND lost_reason IS NULL")).isZero();
  }

  @Test
  void everyDealHasAStageHistoryEndingWhereTheDealIs() {
    assertThat(count(ws, """
        WITH last AS (
          SELECT deal_id, arg_max(stage, entered_at) AS stage, arg_max(status, entered_at) AS status,
            max(entered_at) AS last_at, min(entered_at) AS first_at
          FROM deal_stage_history GROUP BY deal_id)
        SELECT count(*) FROM deals d LEFT JOIN last l ON l.deal_id = d.id
        WHERE l.deal_id IS NULL OR l.stage <> d.stage OR l.status <> d.status OR l.first_at <> d.created_at
          OR (d.closed_at IS NOT NULL AND l.last_at <> d.closed_at)
        """)).isZero();
    long reopened = count(ws, "SELECT count(DISTINCT deal_id) FROM " + TRANSITIONS
        + " WHERE status = 'open' AND prev_status IN ('won', 'lost')");
    assertThat(reopened).as("reopened deals").isGreaterThan(50);
    assertThat(count(ws, "SELECT count(*) FROM deals WHERE status <> 'open' AND id IN (SELECT deal_id FROM "
        + TRANSITIONS + " WHERE status = 'open' AND prev_status IN ('won', 'lost'))"))
        .as("reopened and closed again").isGreaterThan(reopened / 2);
    assertThat(count(ws, "SELECT count(DISTINCT deal_id) FROM " + TRANSITIONS
        + " WHERE status = 'open' AND prev_status = 'open' AND position > prev_position + 1"))
        .as("deals that skipped a stage").isGreaterThan(50);
    assertThat(count(ws, "SELECT count(DISTINCT prev_position) FROM " + TRANSITIONS + " WHERE status = 'lost'"))
        .as("stages deals are lost from").isGreaterThanOrEqualTo(5);
  }

  @Test
  void biggerDealsGetMoreTouchesAndActivitiesLookReal() {
    assertThat(number(ws, "SELECT (SELECT count(*) FROM activities) / (SELECT count(*) FROM deals)"))
        .as("activities per deal").isBetween(4.0, 6.5);
    Map<String, Double> touches = byName("""
        SELECT a.segment, count(x.id) / count(DISTINCT d.id) FROM deals d
        JOIN accounts a ON a.id = d.account_id LEFT JOIN activities x ON x.deal_id = d.id GROUP BY 1""");
    assertThat(touches.get("Enterprise")).isGreaterThan(2 * touches.get("SMB"));
    assertThat(rows(ws, "SELECT DISTINCT type FROM activities ORDER BY 1"))
        .containsExactly(List.of("call"), List.of("email"), List.of("meeting"), List.of("task"));
    assertThat(number(ws, "SELECT median(duration_seconds) FROM activities WHERE type = 'call' AND outcome = 'Connected'"))
        .isBetween(200.0, 450.0);
    assertThat(count(ws, """
        SELECT count(*) FROM activities
        WHERE type = 'call' AND done AND duration_seconds IS NULL AND outcome <> 'No answer'""")).isZero();
    assertThat(count(ws, "SELECT count(*) FROM activities WHERE NOT done AND occurred_at < DATE '2025-12-01'"))
        .as("missed").isPositive();
    assertThat(count(ws, "SELECT count(*) FROM activities WHERE lead_id IS NOT NULL AND deal_id IS NULL"))
        .as("lead touches").isPositive();
  }

  @Test
  void satisfactionScoresDifferByRep() {
    assertThat(number(ws, "SELECT count(*) FILTER (WHERE score >= 4) / count(*) FROM survey_responses WHERE kind = 'csat'"))
        .as("CSAT top-2-box").isBetween(0.6, 0.9);
    assertThat(number(ws, """
        SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*)
        FROM survey_responses WHERE kind = 'nps'""")).as("NPS").isBetween(-10.0, 50.0);
    assertThat(number(ws, """
        SELECT max(m) - min(m) FROM (
          SELECT rep_id, avg(score) AS m FROM survey_responses WHERE kind = 'csat' GROUP BY rep_id HAVING count(*) >= 30)"""))
        .as("spread of the reps' mean CSAT").isGreaterThan(0.3);
    assertThat(count(ws, "SELECT count(*) FROM survey_responses WHERE kind = 'csat' AND deal_id IS NULL")).isZero();
  }

  @Test
  void repsLandAroundTheirRevenueTargets() {
    List<Double> attainment = rows(ws, """
        WITH won AS (SELECT owner_id, sum(amount_eur) AS revenue FROM %s d WHERE status = 'won' GROUP BY owner_id),
        quota AS (
          SELECT rep_id, sum(value) AS target FROM targets
          WHERE rep_id IS NOT NULL AND kpi = 'revenue' AND period_start <= (SELECT max(created_at) FROM deals) GROUP BY rep_id)
        SELECT coalesce(won.revenue, 0) / quota.target FROM quota LEFT JOIN won ON won.owner_id = quota.rep_id
        JOIN reps r ON r.id = quota.rep_id WHERE r.ended_at IS NULL ORDER BY 1
        """.formatted(DEALS_EUR)).stream().map(r -> ((Number) r.get(0)).doubleValue()).toList();
    assertThat(attainment.get(attainment.size() / 2)).as("median attainment").isBetween(0.7, 1.2);
    assertThat(attainment.get(attainment.size() / 4)).as("lower quartile").isGreaterThan(0.5);
    assertThat(attainment.get(3 * attainment.size() / 4)).as("upper quartile").isLessThan(1.6);
    assertThat(count(ws, "SELECT count(DISTINCT period_start) FROM targets WHERE rep_id IS NULL AND team_id IS NULL"
        + " AND period_start <= (SELECT max(created_at) FROM deals)")).as("months with a company target").isEqualTo(36);
    // Quotas are set for the whole running quarter, also its months still to come.
    assertThat(count(ws, "SELECT count(DISTINCT period_start) FROM targets WHERE rep_id IS NULL AND team_id IS NULL"
        + " AND date_trunc('quarter', period_start) = date_trunc('quarter', (SELECT max(created_at) FROM deals))"))
        .as("months of the last quarter with a company target").isEqualTo(3);
    assertThat(count(ws, """
        SELECT count(*) FROM targets t WHERE team_id IS NOT NULL AND value <> (
          SELECT sum(r.value) FROM targets r JOIN reps ON reps.id = r.rep_id
          WHERE reps.team_id = t.team_id AND r.period_start = t.period_start)""")).as("team = sum of its reps").isZero();
  }

  @Test
  void costsCoverMarketingPerChannelSalariesCommissionsAndTools() {
    assertThat(rows(ws, "SELECT DISTINCT category FROM costs ORDER BY 1"))
        .containsExactly(List.of("marketing"), List.of("sales"), List.of("tools"));
    assertThat(count(ws, "SELECT count(DISTINCT incurred_on) FROM costs WHERE category = 'marketing' AND channel = 'Referral'"))
        .isEqualTo(36);
    assertThat(count(ws, """
        SELECT count(*) FROM costs c JOIN teams t ON t.id = c.team_id
        WHERE (c.currency = 'SEK') <> (t.region = 'Nordics')""")).isZero();
    assertThat(count(ws, "SELECT count(*) FROM costs WHERE description LIKE 'Commissions%'")).isPositive();
  }
}

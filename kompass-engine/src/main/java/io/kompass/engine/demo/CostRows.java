package io.kompass.engine.demo;

import io.kompass.engine.demo.DemoProfile.Channel;
import io.kompass.engine.demo.Staff.RepMonth;
import io.kompass.engine.demo.Staff.Team;
import io.kompass.engine.demo.Timeline.Month;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes {@code costs} per month: marketing per channel (cost per lead times the leads the
 * channel brought, with some noise) plus brand marketing without a channel, salaries and
 * commissions per team in the team's currency, and sales tools. Marketing follows the leads, so
 * customer acquisition cost per channel comes out as configured in {@link Channel#configuredCac()}.
 */
final class CostRows {

  private CostRows() {}

  static void write(DuckDBConnection c, Timeline t, Staff staff, long seed) throws SQLException {
    int channels = DemoProfile.CHANNELS.size();
    int months = t.months().size();
    long[][] leads = new long[months][channels];
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT m.month_no, l.channel, count(*) FROM leads l"
                + " JOIN demo_month m ON m.month_start = CAST(date_trunc('month', l.created_at) AS DATE)"
                + " GROUP BY ALL")) {
      while (rs.next()) {
        int ch = channelIndex(rs.getString(2));
        if (ch >= 0) {
          leads[rs.getInt(1)][ch] = rs.getLong(3);
        }
      }
    }
    int teams = staff.teams.size();
    BigDecimal[][] won = new BigDecimal[months][teams];
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT m.month_no, r.team_no, sum(d.amount) FROM demo_deal d JOIN demo_rep r ON r.rep_no = d.rep_no"
                + " JOIN demo_month m ON m.month_start = CAST(date_trunc('month', make_timestamp(d.closed_us)) AS DATE)"
                + " WHERE d.status = 'won' GROUP BY ALL")) {
      while (rs.next()) {
        won[rs.getInt(1)][rs.getInt(2) - 1] = rs.getBigDecimal(3);
      }
    }
    double[][] salaries = new double[months][teams];
    double[] repsActive = new double[months];
    for (RepMonth rm : staff.repMonths) {
      double share = rm.days() / (double) rm.month().yearMonth().lengthOfMonth();
      salaries[rm.month().no()][rm.rep().team() - 1] += share * DemoProfile.REGIONS.get(rm.rep().region()).monthlySalary();
      repsActive[rm.month().no()] += share;
    }
    SplittableRandom rng = new SplittableRandom(HashRandom.splitmix(seed ^ 0xC057L));
    long id = 0;
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "costs")) {
      for (Month m : t.months()) {
        double channelSpend = 0;
        for (int ch = 0; ch < channels; ch++) {
          Channel channel = DemoProfile.CHANNELS.get(ch);
          double spend = leads[m.no()][ch] * channel.costPerLead() * (0.9 + 0.2 * rng.nextDouble());
          channelSpend += spend;
          id = row(a, id, m, "marketing", channel.name(), spend, "EUR", null, channel.name() + " campaigns");
        }
        double brand = channelSpend * DemoProfile.BRAND_MARKETING_SHARE;
        id = row(a, id, m, "marketing", null, brand, "EUR", null, "Brand and content");
        for (Team team : staff.teams) {
          String currency = DemoProfile.REGIONS.get(team.region()).currency();
          double salary = salaries[m.no()][team.no() - 1];
          id = row(a, id, m, "sales", null, salary, currency, team.id(), "Salaries " + team.name());
          BigDecimal sold = won[m.no()][team.no() - 1];
          if (sold != null) {
            id = row(a, id, m, "sales", null, sold.doubleValue() * DemoProfile.COMMISSION_RATE, currency, team.id(),
                "Commissions " + team.name());
          }
        }
        double tools = repsActive[m.no()] * DemoProfile.TOOLS_PER_REP + DemoProfile.TOOLS_FIXED * m.coverage();
        id = row(a, id, m, "tools", null, tools, "EUR", null, "CRM and sales tools");
      }
    }
  }

  private static long row(DuckDBAppender a, long id, Month m, String category, String channel, double amount,
      String currency, String teamId, String description) throws SQLException {
    if (amount <= 0) {
      return id;
    }
    a.beginRow().append("C" + (id + 1)).append(DemoProfile.SOURCE_SYSTEM).append(m.first()).append(category);
    if (channel == null) {
      a.appendNull();
    } else {
      a.append(channel);
    }
    a.append(BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP)).append(currency);
    if (teamId == null) {
      a.appendNull();
    } else {
      a.append(teamId);
    }
    a.append(description).endRow();
    return id + 1;
  }

  private static int channelIndex(String name) {
    for (int i = 0; i < DemoProfile.CHANNELS.size(); i++) {
      if (DemoProfile.CHANNELS.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}

package io.kompass.engine.demo;

import io.kompass.engine.demo.Staff.RepMonth;
import io.kompass.engine.demo.Staff.Team;
import io.kompass.engine.demo.Timeline.Month;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes monthly {@code revenue} targets per rep, per team and for the company, in the workspace
 * currency. A team's quota per fully ramped rep-month is what its reps really won per rep-month,
 * stretched by {@link DemoProfile#QUOTA_STRETCH}; new reps get a ramped quota. Reps then land
 * around their quota, higher or lower with their skill.
 */
final class TargetRows {

  private static final double QUOTA_LAG_MONTHS = 1.0;

  private TargetRows() {}

  static void write(DuckDBConnection c, Timeline t, Staff staff, String workspaceCurrency) throws SQLException {
    int teams = staff.teams.size();
    double[] revenue = new double[teams];
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT r.team_no, sum(CAST(d.amount * CASE WHEN cur.currency = ? THEN 1 ELSE x.rate END AS DECIMAL(18,2)))"
            + " FROM demo_deal d JOIN demo_rep r ON r.rep_no = d.rep_no"
            + " JOIN (SELECT unnest(range(" + DemoProfile.REGIONS.size() + ")) AS region_no, unnest("
            + ProfileSql.values(t).get("REGION_CURRENCY") + ") AS currency) cur ON cur.region_no = d.region_no"
            + " LEFT JOIN currency_rates_daily x ON x.currency = cur.currency"
            + "   AND x.rate_date = CAST(make_timestamp(d.closed_us) AS DATE)"
            + " WHERE d.status = 'won' GROUP BY ALL")) {
      ps.setString(1, workspaceCurrency);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          revenue[rs.getInt(1) - 1] = rs.getBigDecimal(2).doubleValue();
        }
      }
    }
    double[] units = new double[teams];
    for (RepMonth rm : staff.repMonths) {
      units[rm.rep().team() - 1] += unit(rm, t);
    }
    int months = t.months().size();
    long[][] teamTargets = new long[months][teams];
    long id = 0;
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "targets")) {
      for (RepMonth rm : staff.repMonths) {
        int team = rm.rep().team() - 1;
        double quota = units[team] == 0 ? 0 : DemoProfile.QUOTA_STRETCH * revenue[team] / units[team];
        long target = Math.max(500, Math.round(quota * unit(rm, t) / 500) * 500);
        teamTargets[rm.month().no()][team] += target;
        id = row(a, id, rm.rep().id(), null, rm.month(), target);
      }
      for (Month m : t.months()) {
        long company = 0;
        for (Team team : staff.teams) {
          long target = teamTargets[m.no()][team.no() - 1];
          if (target > 0) {
            id = row(a, id, null, team.id(), m, target);
            company += target;
          }
        }
        id = row(a, id, null, null, m, company);
      }
      // Quotas are set ahead: the months left in the last month's quarter get targets too, for the reps who stay, so
      // that the running quarter has a target for all of it (and pipeline coverage a next month to divide by).
      Month last = t.months().get(months - 1);
      int ahead = 2 - (last.yearMonth().getMonthValue() - 1) % 3;
      for (int k = 1; k <= ahead; k++) {
        YearMonth month = last.yearMonth().plusMonths(k);
        long[] teamTarget = new long[teams];
        for (RepMonth rm : staff.repMonths) {
          if (rm.month().no() != last.no() || rm.rep().endedAt() != null) {
            continue;
          }
          int team = rm.rep().team() - 1;
          double quota = units[team] == 0 ? 0 : DemoProfile.QUOTA_STRETCH * revenue[team] / units[team];
          long target = Math.max(500, Math.round(quota * unitAhead(rm, t, k) / 500) * 500);
          teamTarget[team] += target;
          id = row(a, id, rm.rep().id(), null, month, target);
        }
        long company = 0;
        for (Team team : staff.teams) {
          long target = teamTarget[team.no() - 1];
          if (target > 0) {
            id = row(a, id, null, team.id(), month, target);
            company += target;
          }
        }
        id = row(a, id, null, null, month, company);
      }
    }
  }

  /** Quota weight of a whole month {@code ahead} months after the rep's last one, with their ramp-up going on. */
  private static double unitAhead(RepMonth rm, Timeline t, int ahead) {
    double tenure = Math.max(0, rm.tenureMonths() + ahead - QUOTA_LAG_MONTHS);
    int ramp = rm.rep().rampMonths();
    return DemoProfile.RAMP.volume(tenure, ramp) * DemoProfile.RAMP.winRate(tenure, ramp) * t.trend(rm.month());
  }

  /**
   * Quota weight of a rep-month: share of the month worked, company growth, and the ramp-up of
   * volume and win rate one month behind, because a new rep's first deals take a while to close.
   */
  private static double unit(RepMonth rm, Timeline t) {
    double worked = rm.days() / (double) rm.month().yearMonth().lengthOfMonth();
    double tenure = Math.max(0, rm.tenureMonths() - QUOTA_LAG_MONTHS);
    int ramp = rm.rep().rampMonths();
    return worked * DemoProfile.RAMP.volume(tenure, ramp) * DemoProfile.RAMP.winRate(tenure, ramp) * t.trend(rm.month());
  }

  private static long row(DuckDBAppender a, long id, String repId, String teamId, Month m, long value) throws SQLException {
    return row(a, id, repId, teamId, m.yearMonth(), value);
  }

  private static long row(DuckDBAppender a, long id, String repId, String teamId, YearMonth month, long value) throws SQLException {
    LocalDate start = month.atDay(1);
    a.beginRow().append("TG" + (id + 1)).append(DemoProfile.SOURCE_SYSTEM).append("revenue");
    if (repId == null) {
      a.appendNull();
    } else {
      a.append(repId);
    }
    if (teamId == null) {
      a.appendNull();
    } else {
      a.append(teamId);
    }
    a.append(start).append(month.atEndOfMonth()).append((double) value).endRow();
    return id + 1;
  }
}

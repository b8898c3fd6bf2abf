package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.query.Period;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Targets from the {@code targets} table: for the company (no rep, no team), a team (by name) or a
 * rep (by id), summed over the target rows that lie inside a period for sums and counts of the
 * period (revenue), averaged for rates, averages and other units; a row for exactly the period comes first. Null where
 * none exists, or where the rows do not cover every day of the period (a quarter with targets for two of its months has none).
 */
final class Targets {

  private Targets() {}

  /** The target of the whole company, or of one team when {@code team} is set. */
  static Double of(Numbers numbers, Kpi kpi, Period period, String team) {
    return team == null
        ? find(numbers, kpi, period, "rep_id IS NULL AND team_id IS NULL", null)
        : find(numbers, kpi, period, "rep_id IS NULL AND team_id IN (SELECT id FROM teams WHERE name = ?)", team);
  }

  static Double ofRep(Numbers numbers, Kpi kpi, Period period, String repId) {
    return find(numbers, kpi, period, "rep_id = ?", repId);
  }

  private static Double find(Numbers numbers, Kpi kpi, Period period, String level, String arg) {
    // Monthly revenue targets add up to a quarter's; an average order value's do not.
    boolean additive = (kpi.unit() == Unit.MONEY || kpi.unit() == Unit.COUNT) && kpi.accrues();
    Double[] found = numbers.cached("target", Arrays.asList(kpi.id(), additive, period, level, arg), () -> {
      // The rows must cover the period day for day, once: October and November alone are no target for the quarter,
      // and neither are two October rows with November.
      String sql = "SELECT " + (additive ? "sum" : "avg") + "(value), count(*), sum(period_end - period_start + 1),"
          + " count(*) FILTER (WHERE previous_end >= period_start) FROM (SELECT value, period_start, period_end,"
          + " lag(period_end) OVER (ORDER BY period_start, period_end) AS previous_end FROM targets"
          + " WHERE kpi = ? AND period_start >= ? AND period_end <= ? AND " + level + ") t";
      try (Connection c = numbers.workspace().connect();
          PreparedStatement exact = c.prepareStatement("SELECT min(value), count(*) FROM targets WHERE kpi = ? AND period_start = ?"
              + " AND period_end = ? AND " + level);
          PreparedStatement ps = c.prepareStatement(sql)) {
        // A row for exactly the period is its target, whatever rows for parts of it say (a quarter's target next to
        // its months'); two such rows contradict each other, and neither is shown.
        bind(exact, kpi, period, arg);
        try (ResultSet rs = exact.executeQuery()) {
          rs.next();
          if (rs.getLong(2) > 0) {
            return new Double[] {rs.getLong(2) == 1 ? rs.getDouble(1) : null};
          }
        }
        bind(ps, kpi, period, arg);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long days = java.time.temporal.ChronoUnit.DAYS.between(period.start(), period.last()) + 1;
          return new Double[] {rs.getLong(2) == 0 || rs.getLong(3) != days || rs.getLong(4) > 0 ? null : rs.getDouble(1)};
        }
      } catch (SQLException e) {
        throw new WorkspaceException("cannot read the targets: " + e.getMessage(), e);
      }
    });
    return found[0];
  }

  /** Binds the KPI, the period's first and last day and the level's argument, in that order. */
  private static void bind(PreparedStatement ps, Kpi kpi, Period period, String arg) throws SQLException {
    ps.setString(1, kpi.id());
    ps.setObject(2, period.start());
    ps.setObject(3, period.last());
    if (arg != null) {
      ps.setString(4, arg);
    }
  }
}

package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
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
 * rep (by id), summed over the target rows that lie inside a period for money and counts, averaged
 * for rates and other units. Null where none exists.
 */
final class Targets {

  private Targets() {}

  /** The target of the whole company, or of one team when {@code team} is set. */
  static Double of(Numbers numbers, String kpi, Unit unit, Period period, String team) {
    return team == null
        ? find(numbers, kpi, unit, period, "rep_id IS NULL AND team_id IS NULL", null)
        : find(numbers, kpi, unit, period, "rep_id IS NULL AND team_id IN (SELECT id FROM teams WHERE name = ?)", team);
  }

  static Double ofRep(Numbers numbers, String kpi, Unit unit, Period period, String repId) {
    return find(numbers, kpi, unit, period, "rep_id = ?", repId);
  }

  private static Double find(Numbers numbers, String kpi, Unit unit, Period period, String level, String arg) {
    boolean additive = unit == Unit.MONEY || unit == Unit.COUNT;
    Double[] found = numbers.cached("target", Arrays.asList(kpi, unit, period, level, arg), () -> {
      String sql = "SELECT " + (additive ? "sum" : "avg") + "(value), count(*) FROM targets WHERE kpi = ? AND period_start >= ?"
          + " AND period_end <= ? AND " + level;
      try (Connection c = numbers.workspace().connect();
          PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, kpi);
        ps.setObject(2, period.start());
        ps.setObject(3, period.last());
        if (arg != null) {
          ps.setString(4, arg);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Double[] {rs.getLong(2) == 0 ? null : rs.getDouble(1)};
        }
      } catch (SQLException e) {
        throw new WorkspaceException("cannot read the targets: " + e.getMessage(), e);
      }
    });
    return found[0];
  }
}

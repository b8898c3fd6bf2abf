package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values the filter bar offers for each dimension, read from the data (cached until it changes). */
public final class Choices {

  private static final Map<String, String> SQL = Map.of(
      "team", "SELECT DISTINCT name FROM teams WHERE name IS NOT NULL ORDER BY 1",
      "region", "SELECT DISTINCT region FROM teams WHERE region IS NOT NULL ORDER BY 1",
      "product", "SELECT DISTINCT product FROM deals WHERE product IS NOT NULL ORDER BY 1",
      "channel", "SELECT DISTINCT channel FROM (SELECT channel FROM deals UNION SELECT channel FROM accounts"
          + " UNION SELECT channel FROM leads) c WHERE channel IS NOT NULL ORDER BY 1");

  /** A rep that a manager can pick on My numbers, and an admin link a user to. */
  public record RepChoice(String id, String name, String team) {}

  private Choices() {}

  static Map<String, List<String>> of(Numbers numbers) {
    return numbers.cached("choices", "filters", () -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      try (Connection c = numbers.workspace().connect()) {
        for (String d : Filters.DIMENSIONS) {
          List<String> values = new ArrayList<>();
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL.get(d))) {
            while (rs.next()) {
              values.add(rs.getString(1));
            }
          }
          out.put(d, List.copyOf(values));
        }
      } catch (SQLException e) {
        throw new WorkspaceException("cannot read the filter values: " + e.getMessage(), e);
      }
      return out;
    });
  }

  /** Every rep, by team and name. */
  public static List<RepChoice> reps(Numbers numbers) {
    return numbers.cached("choices", "reps", () -> {
      List<RepChoice> out = new ArrayList<>();
      try (Connection c = numbers.workspace().connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT r.id, r.name, t.name FROM reps r LEFT JOIN teams t ON t.id = r.team_id ORDER BY t.name, r.name")) {
        while (rs.next()) {
          out.add(new RepChoice(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      } catch (SQLException e) {
        throw new WorkspaceException("cannot read the reps: " + e.getMessage(), e);
      }
      return out;
    });
  }
}

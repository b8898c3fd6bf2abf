package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deal funnel of the main pipeline (the one with the most deals in the range): deals created
 * in the range, then how many of them reached each open stage and won, from their stage history in
 * that pipeline.
 * Filtered like the dashboard (team, region, product, channel); a team-level aggregate, so every
 * role may see it.
 *
 * @param steps the stages in pipeline order, "created" first
 */
public record Funnel(String pipeline, List<Step> steps) {

  /** Deals that reached a stage; {@code share} of the deals created. */
  public record Step(String stage, String status, long deals, Double share) {}

  /** The deal filters the funnel understands, as SQL on deals d, reps r, teams t. */
  private static final Map<String, String> COLUMNS = Map.of("team", "t.name", "region", "t.region", "product", "d.product", "channel",
      "d.channel");

  static Funnel of(Numbers numbers, Filters filters) {
    return numbers.cached("funnel", List.of(filters.from(), filters.to(), filters.dimensions()), () -> compute(numbers, filters));
  }

  private static Funnel compute(Numbers numbers, Filters filters) {
    StringBuilder where = new StringBuilder(" WHERE d.created_at >= ? AND d.created_at < ?");
    List<Object> args = new ArrayList<>(List.of(filters.from(), filters.to().plusDays(1)));
    filters.dimensions().forEach((d, v) -> {
      where.append(" AND ").append(COLUMNS.get(d)).append(" = ?");
      args.add(v);
    });
    // Reps and teams are joined only when a team or region filter needs them.
    boolean byTeam = filters.dimensions().containsKey("team") || filters.dimensions().containsKey("region");
    String deals = "SELECT d.id, d.pipeline FROM deals d"
        + (byTeam ? " LEFT JOIN reps r ON r.id = d.owner_id LEFT JOIN teams t ON t.id = r.team_id" : "") + where;
    try (Connection c = numbers.workspace().connect()) {
      String pipeline = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT pipeline FROM (" + deals + ") f GROUP BY pipeline ORDER BY count(*) DESC, pipeline LIMIT 1")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            pipeline = rs.getString(1);
          }
        }
      }
      if (pipeline == null) {
        return new Funnel(null, List.of());
      }
      // The furthest stage of the pipeline each deal reached (its history rows in that pipeline), then how many deals
      // reached each position, counted once; a stage's figure is the deals whose furthest stage is at or after it.
      String sql = "WITH d AS (" + deals + " AND d.pipeline = ?),"
          + " reached AS (SELECT h.deal_id, max(s.position) AS pos FROM deal_stage_history h"
          + "   JOIN pipeline_stages s ON s.pipeline = h.pipeline AND s.stage = h.stage"
          + "   WHERE h.pipeline = ? AND h.deal_id IN (SELECT id FROM d) AND s.status <> 'lost' GROUP BY h.deal_id),"
          + " per_position AS (SELECT pos, count(*) AS n FROM reached GROUP BY pos)"
          + " SELECT NULL, 'created', (SELECT count(*) FROM d), -1"
          + " UNION ALL SELECT s.stage, s.status, (SELECT CAST(coalesce(sum(p.n), 0) AS BIGINT) FROM per_position p WHERE p.pos >= s.position), s.position"
          + " FROM pipeline_stages s WHERE s.pipeline = ? AND s.status <> 'lost' ORDER BY 4";
      List<Step> steps = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        List<Object> all = new ArrayList<>(args);
        all.add(pipeline);
        all.add(pipeline);
        all.add(pipeline);
        bind(ps, all);
        try (ResultSet rs = ps.executeQuery()) {
          long first = -1;
          while (rs.next()) {
            long n = rs.getLong(3);
            if (first < 0) {
              first = n;
            }
            steps.add(new Step(rs.getString(1), rs.getString(2), n, first == 0 ? null : (double) n / first));
          }
        }
      }
      return new Funnel(pipeline, steps);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot compute the funnel: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}

package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.numbers.DataVersion;
import io.kompass.app.numbers.Numbers;
import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Grain;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The funnel against the same figures worked out in Java from the stored rows. */
class FunnelTest {

  static final LocalDate END = LocalDate.of(2025, 12, 31);
  static Workspace ws;
  static Numbers numbers;

  @BeforeAll
  static void generate() throws Exception {
    ws = Workspace.openInMemory("funnel", new Settings("EUR", ZoneId.of("Europe/Stockholm")));
    DemoGenerator.generate(ws, new DemoSpec(5, 3_000, END), Progress.NONE);
    numbers = new Numbers(ws, Catalog.builtin(), new DataVersion(event -> {}), true, false);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  record Deal(String id, String pipeline, LocalDateTime created, String team) {}

  record Stage(String pipeline, String stage, int position, String status) {}

  @Test
  void countsTheDealsCreatedInTheRangeThatReachedEachStageOfTheMainPipeline() throws Exception {
    String team = rows("SELECT min(name) FROM teams").get(0).get(0);
    for (Map<String, String> dims : List.of(Map.<String, String>of(), Map.of("team", team))) {
      Filters filters = new Filters(LocalDate.of(2025, 1, 1), END, Grain.MONTH, dims, 1, false, false);
      Funnel funnel = Funnel.of(numbers, filters);
      List<Funnel.Step> expected = expected(filters);
      assertThat(funnel.steps()).as(dims.toString()).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(funnel.steps().get(i).stage()).isEqualTo(expected.get(i).stage());
        assertThat(funnel.steps().get(i).deals()).as(dims + " " + expected.get(i).stage()).isEqualTo(expected.get(i).deals());
      }
      assertThat(funnel.steps().get(1).deals()).as("deals reached the first stage").isPositive();
    }
  }

  /** The funnel worked out in Java: main pipeline, each deal's furthest stage in it, deals at or past each stage. */
  static List<Funnel.Step> expected(Filters filters) throws SQLException {
    List<Deal> deals = new ArrayList<>();
    for (List<String> r : rows("SELECT d.id, d.pipeline, CAST(d.created_at AS VARCHAR), t.name FROM deals d"
        + " LEFT JOIN reps r ON r.id = d.owner_id LEFT JOIN teams t ON t.id = r.team_id")) {
      LocalDateTime created = LocalDateTime.parse(r.get(2).replace(' ', 'T'));
      boolean inRange = !created.toLocalDate().isBefore(filters.from()) && !created.toLocalDate().isAfter(filters.to());
      boolean team = !filters.dimensions().containsKey("team") || filters.dimensions().get("team").equals(r.get(3));
      if (inRange && team) {
        deals.add(new Deal(r.get(0), r.get(1), created, r.get(3)));
      }
    }
    Map<String, Long> perPipeline = new HashMap<>();
    deals.forEach(d -> perPipeline.merge(d.pipeline(), 1L, Long::sum));
    String main = perPipeline.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey)).findFirst().orElseThrow()
        .getKey();
    List<Stage> stages = new ArrayList<>();
    for (List<String> r : rows("SELECT pipeline, stage, position, status FROM pipeline_stages")) {
      if (r.get(0).equals(main) && !r.get(3).equals("lost")) {
        stages.add(new Stage(r.get(0), r.get(1), Integer.parseInt(r.get(2)), r.get(3)));
      }
    }
    stages.sort(Comparator.comparingInt(Stage::position));
    Map<String, Integer> furthest = new HashMap<>();
    List<String> inMain = deals.stream().filter(d -> d.pipeline().equals(main)).map(Deal::id).toList();
    java.util.Set<String> wanted = new java.util.HashSet<>(inMain);
    for (List<String> r : rows("SELECT deal_id, pipeline, stage FROM deal_stage_history")) {
      if (!wanted.contains(r.get(0)) || !main.equals(r.get(1))) {
        continue;
      }
      for (Stage s : stages) {
        if (s.stage().equals(r.get(2))) {
          furthest.merge(r.get(0), s.position(), Math::max);
        }
      }
    }
    List<Funnel.Step> out = new ArrayList<>();
    out.add(new Funnel.Step(null, "created", inMain.size(), null));
    for (Stage s : stages) {
      long n = furthest.values().stream().filter(p -> p >= s.position()).count();
      out.add(new Funnel.Step(s.stage(), s.status(), n, null));
    }
    return out;
  }

  static List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = ws.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}

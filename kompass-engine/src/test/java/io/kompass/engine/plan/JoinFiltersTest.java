package io.kompass.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A region filter joins only that region's accounts where the region falls back to the account's
 * ({@link JoinFilters}), and counts exactly what the same filter written so that it is not moved
 * into the join counts.
 */
class JoinFiltersTest {

  static final Catalog CATALOG = Catalog.builtin();
  static final LocalDate END = LocalDate.of(2025, 12, 31);

  @Test
  void aRegionFilterMovedIntoTheAccountsJoinCountsWhatTheFilterInTheWhereCounts() throws Exception {
    try (Workspace ws = Workspace.openInMemory("join-filters", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(ws, new DemoSpec(13, 2_000, END), Progress.NONE);
      // Some orders by no rep, so that the region falls back to the account's, and some by one rep whose team's region
      // is not always the account's.
      try (var c = ws.connect(); var s = c.createStatement()) {
        assertThat(s.executeUpdate("UPDATE orders SET rep_id = NULL WHERE hash(id) % 3 = 0")).isPositive();
        assertThat(s.executeUpdate("UPDATE orders SET rep_id = (SELECT min(id) FROM reps WHERE team_id IS NOT NULL) WHERE hash(id) % 3 = 1"))
            .isPositive();
      }
      KpiEngine engine = KpiEngine.on(ws, CATALOG);
      List<String> regions = new ArrayList<>();
      try (var c = ws.connect(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT region FROM accounts ORDER BY 1")) {
        while (rs.next()) {
          regions.add(rs.getString(1));
        }
      }
      assertThat(regions).hasSizeGreaterThan(1);
      KpiQuery aov = query(KpiRequest.of("average_order_value"), "region = " + quoted(regions.get(0)));
      assertThat(engine.explain(aov)).as("moved into the join").contains("AND (account.region = ");
      // Written as a list, the filter stays in the WHERE: the comparison below is with SQL that joins every account.
      assertThat(engine.explain(query(KpiRequest.of("average_order_value"), "region in (" + quoted(regions.get(0)) + ")")))
          .doesNotContain("AND (account.region = ").contains("LEFT JOIN accounts account ON (f.account_id = account.id)\n");

      int compared = 0;
      for (Kpi k : CATALOG.kpis()) {
        if (!CATALOG.dimensionsOf(k.id()).contains("region")) {
          continue;
        }
        List<KpiRequest> requests = new ArrayList<>(List.of(KpiRequest.of(k.id())));
        k.variants().keySet().forEach(v -> requests.add(new KpiRequest(k.id(), List.of(v), Map.of())));
        for (KpiRequest r : requests) {
          for (String region : regions) {
            KpiSeries moved = engine.run(query(r, "region = " + quoted(region))).kpis().get(0);
            KpiSeries kept = engine.run(query(r, "region in (" + quoted(region) + ")")).kpis().get(0);
            assertThat(moved.cells()).as(r + " " + region).hasSameSizeAs(kept.cells());
            for (int i = 0; i < kept.cells().size(); i++) {
              Cell a = moved.cells().get(i);
              Cell b = kept.cells().get(i);
              assertThat(a.n()).as(r + " " + region + " " + b.period()).isEqualTo(b.n());
              assertThat(a.included()).as(r + " " + region + " " + b.period()).isEqualTo(b.included());
              assertThat(a.excluded()).as(r + " " + region + " " + b.period()).isEqualTo(b.excluded());
              // Sums of money may differ in the last digit: the rows are added in another order.
              if (b.value() == null) {
                assertThat(a.value()).as(r + " " + region + " " + b.period()).isNull();
              } else {
                assertThat(a.value()).as(r + " " + region + " " + b.period()).isCloseTo(b.value(), within(1e-12 * Math.max(1, Math.abs(b.value()))));
              }
              compared++;
            }
          }
        }
      }
      assertThat(compared).isGreaterThan(200);
    }
  }

  private static KpiQuery query(KpiRequest r, String filter) {
    return new KpiQuery(List.of(r), LocalDate.of(2025, 1, 1), END, new Calendar(Grain.QUARTER, 1), List.of(), ExprParser.parse(filter), 30, null);
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

package io.kompass.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.Progress;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DemoGeneratorTest {

  static final LocalDate END = LocalDate.of(2026, 6, 15);
  static int counter;

  static Workspace fresh() {
    return Workspace.openInMemory("demo-gen-" + (counter++), new Settings("EUR", ZoneId.of("Europe/Stockholm")));
  }

  /** Per canonical table: row count and an order-independent checksum of every column of every row. */
  static Map<String, List<Object>> checksums(Workspace ws) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Table t : CanonicalModel.tables()) {
      out.put(t.name(), DemoFixture.rows(ws,
          "SELECT count(*), sum(hash(t)::HUGEINT), bit_xor(hash(t)) FROM " + t.name() + " t").get(0));
    }
    return out;
  }

  @Test
  void sameSpecGivesIdenticalRowsAndAnotherSeedDoesNot() {
    DemoSpec spec = new DemoSpec(11, 3_000, END);
    Map<String, List<Object>> first;
    Map<String, List<Object>> second;
    Map<String, List<Object>> otherSeed;
    try (Workspace a = fresh(); Workspace b = fresh(); Workspace c = fresh()) {
      DemoReport report = DemoGenerator.generate(a, spec, Progress.NONE);
      DemoGenerator.generate(b, spec, Progress.NONE);
      DemoGenerator.generate(c, new DemoSpec(12, 3_000, END), Progress.NONE);
      first = checksums(a);
      second = checksums(b);
      otherSeed = checksums(c);
      assertThat(report.rowsPerTable()).containsEntry("deals", 3_000L);
      assertThat(report.rowsPerTable().keySet())
          .containsExactlyElementsOf(CanonicalModel.tables().stream().map(Table::name).toList());
      for (Map.Entry<String, List<Object>> e : first.entrySet()) {
        long rows = ((Number) e.getValue().get(0)).longValue();
        assertThat(report.rowsPerTable().get(e.getKey())).as(e.getKey()).isEqualTo(rows);
      }
    }
    assertThat(second).isEqualTo(first);
    List<String> differing = new ArrayList<>();
    for (String table : first.keySet()) {
      if (!first.get(table).equals(otherSeed.get(table))) {
        differing.add(table);
      }
    }
    assertThat(differing).contains("deals", "leads", "activities", "accounts", "orders", "reps", "currency_rates");
    // The sales process does not depend on the seed.
    assertThat(differing).doesNotContain("pipeline_stages");
  }

  @Test
  void nothingDoneIsDatedAfterTheLastDay() throws Exception {
    // The tiny company up to 2026-11-29 once had lead touches at midnight after it, which quality checks call future.
    LocalDate last = LocalDate.of(2026, 11, 29);
    try (Workspace ws = fresh()) {
      DemoGenerator.generate(ws, DemoSpec.preset("tiny", 42, last), Progress.NONE);
      try (var c = ws.connect(); var s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM activities WHERE done AND occurred_at >= TIMESTAMP '2026-11-30'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @Test
  void refusesAWorkspaceThatAlreadyHoldsData() {
    try (Workspace ws = fresh()) {
      DemoGenerator.generate(ws, new DemoSpec(1, 1_000, END), Progress.NONE);
      assertThatThrownBy(() -> DemoGenerator.generate(ws, new DemoSpec(2, 1_000, END), Progress.NONE))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("already holds data")
          .hasMessageContaining("deals: 1000");
      assertThat(DemoFixture.count(ws, "SELECT count(*) FROM deals")).isEqualTo(1_000);
    }
  }

  @Test
  void reportsProgressOfDealsUpToTheTotal() {
    List<String> tasks = new ArrayList<>();
    AtomicLong lastDeals = new AtomicLong(-1);
    try (Workspace ws = fresh()) {
      DemoGenerator.generate(ws, new DemoSpec(3, 1_000, END), (task, done, total) -> {
        tasks.add(task);
        if (task.equals("generating deals")) {
          assertThat(done).isBetween(lastDeals.get(), total);
          assertThat(total).isEqualTo(1_000);
          lastDeals.set(done);
        }
      });
    }
    assertThat(tasks).contains("generating deals");
    assertThat(lastDeals.get()).isEqualTo(1_000);
  }

  @Test
  void quotasAreSetForTheRestOfTheRunningQuarter() {
    try (Workspace ws = Workspace.openInMemory("demo-quarter", new Settings("EUR", ZoneId.of("UTC")))) {
      DemoGenerator.generate(ws, new DemoSpec(4, 1_000, LocalDate.of(2025, 11, 15)), Progress.NONE);
      assertThat(DemoFixture.number(ws, "SELECT count(DISTINCT period_start) FROM targets WHERE rep_id IS NULL AND team_id IS NULL"
          + " AND period_start >= DATE '2025-10-01'")).as("company target months of Q4").isEqualTo(3);
      assertThat(DemoFixture.number(ws, "SELECT count(*) FROM targets WHERE rep_id IS NOT NULL AND period_start = DATE '2025-12-01'"))
          .as("December quotas").isEqualTo(DemoFixture.number(ws, "SELECT count(*) FROM reps WHERE ended_at IS NULL AND started_at <= DATE '2025-11-15'"));
      assertThat(DemoFixture.number(ws, "SELECT count(*) FROM targets WHERE period_end > DATE '2025-12-31'")).as("none past the quarter").isZero();
    }
  }

  @Test
  void writesTheRatesTheWorkspaceCurrencyNeeds() {
    try (Workspace ws = Workspace.openInMemory("demo-sek", new Settings("SEK", ZoneId.of("UTC")))) {
      DemoGenerator.generate(ws, new DemoSpec(4, 1_000, END), Progress.NONE);
      assertThat(DemoFixture.rows(ws, "SELECT DISTINCT currency FROM currency_rates")).containsExactly(List.of("EUR"));
      assertThat(DemoFixture.number(ws, "SELECT avg(rate) FROM currency_rates")).isBetween(10.5, 11.7);
      assertThat(DemoFixture.number(ws, "SELECT sum(value) FROM targets WHERE rep_id IS NULL AND team_id IS NULL"))
          .as("company targets in SEK").isGreaterThan(9 * DemoFixture.number(ws,
              "SELECT sum(amount) FROM deals WHERE status = 'won' AND currency = 'EUR'"));
    }
    try (Workspace ws = Workspace.openInMemory("demo-usd", new Settings("USD", ZoneId.of("UTC")))) {
      DemoGenerator.generate(ws, new DemoSpec(4, 1_000, END), Progress.NONE);
      assertThat(DemoFixture.rows(ws, "SELECT DISTINCT currency FROM currency_rates ORDER BY 1"))
          .containsExactly(List.of("EUR"), List.of("SEK"));
      assertThat(DemoFixture.number(ws, "SELECT avg(rate) FROM currency_rates WHERE currency = 'EUR'"))
          .isBetween(0.95, 1.25);
    }
    try (Workspace ws = Workspace.openInMemory("demo-jpy", new Settings("JPY", ZoneId.of("UTC")))) {
      assertThatThrownBy(() -> DemoGenerator.generate(ws, new DemoSpec(4, 1_000, END), Progress.NONE))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("JPY")
          .hasMessageContaining("EUR, SEK");
      assertThat(DemoFixture.count(ws, "SELECT count(*) FROM reps")).isZero();
    }
  }

  @Test
  void presetsNameTheirSizesAndUnknownNamesListThem() {
    assertThat(DemoSpec.preset("tiny", 1, END).deals()).isEqualTo(2_000);
    assertThat(DemoSpec.preset("small", 1, END).deals()).isEqualTo(50_000);
    assertThat(DemoSpec.preset("Medium", 1, END).deals()).isEqualTo(1_000_000);
    assertThat(DemoSpec.preset("large", 1, END).deals()).isEqualTo(10_000_000);
    assertThatThrownBy(() -> DemoSpec.preset("huge", 1, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("huge")
        .hasMessageContaining("tiny (2000 deals), small (50000 deals), medium (1000000 deals), large (10000000 deals)");
    assertThatThrownBy(() -> new DemoSpec(1, 10, END)).isInstanceOf(IllegalArgumentException.class);
  }
}

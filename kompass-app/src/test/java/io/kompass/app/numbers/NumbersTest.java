package io.kompass.app.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.Precomputed;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NumbersTest {

  static final LocalDate END = LocalDate.of(2025, 12, 31);
  static final SignedIn MANAGER = new SignedIn(1, "manager", "Manager", Role.MANAGER, null, null, null, null);
  static Workspace ws;

  @BeforeAll
  static void generate() {
    ws = Workspace.openInMemory("numbers", new Settings("EUR", ZoneId.of("Europe/Stockholm")));
    DemoGenerator.generate(ws, new DemoSpec(11, 2_000, END), Progress.NONE);
  }

  @AfterAll
  static void close() {
    ws.close();
  }

  static KpiQuery query(List<String> kpis) {
    return new KpiQuery(kpis.stream().map(KpiRequest::of).toList(), LocalDate.of(2025, 1, 1), END, new Calendar(Grain.MONTH, 1), List.of(),
        null, 30, null);
  }

  @Test
  void lookupsAreKeptInMemoryUnlessTurnedOff() throws Exception {
    for (boolean keep : List.of(false, true)) {
      try (Workspace own = Workspace.openInMemory("numbers-" + keep, new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
        DemoGenerator.generate(own, new DemoSpec(3, 500, END), Progress.NONE);
        Numbers numbers = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), keep, false);
        numbers.run(MANAGER, query(List.of("customer_retention_rate")));
        long kept;
        try (var c = own.connect(); var s = c.createStatement();
            var rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'kompass_lookups'")) {
          rs.next();
          kept = rs.getLong(1);
        }
        if (keep) {
          assertThat(kept).as("first purchases by orders and by won deals").isGreaterThanOrEqualTo(2);
        } else {
          assertThat(kept).isZero();
        }
      }
    }
  }

  @Test
  void aSettingSavedByAnotherServerIsReadAgainNotKeptUntilTheNextImport() {
    Numbers one = new Numbers(ws, Catalog.builtin(), new DataVersion(event -> {}), true, false);
    Numbers other = new Numbers(ws, Catalog.builtin(), new DataVersion(event -> {}), true, false);
    try {
      assertThat(one.fiscalStart()).isEqualTo(1);
      assertThat(other.fiscalStart()).isEqualTo(1);
      one.saveSetting(Workspace.FISCAL_START, "7");
      // The server that saved it reads it at once...
      assertThat(one.fiscalStart()).isEqualTo(7);
      // ...another reads it again once its reading is old enough (two seconds; none here), without new data.
      other.settingsFor(java.time.Duration.ZERO);
      assertThat(other.fiscalStart()).isEqualTo(7);
      one.saveSetting("dashboard.focus", "win_rate");
      assertThat(other.setting("dashboard.focus")).isEqualTo("win_rate");
    } finally {
      one.saveSetting(Workspace.FISCAL_START, "1");
      one.saveSetting("dashboard.focus", "");
    }
  }

  @Test
  void eachKpiRunTogetherIsWhatItIsAloneAndIsCachedAsIfRunAlone() {
    Catalog catalog = Catalog.builtin();
    Numbers numbers = new Numbers(ws, catalog, new DataVersion(event -> {}), true, false);
    List<String> core = catalog.kpis().stream().filter(k -> k.group().equals("core")).map(k -> k.id()).toList();
    assertThat(core).contains("customer_retention_rate", "cac");
    // One KPI cached before: the rest run together.
    KpiResult retentionFirst = numbers.run(MANAGER, query(List.of("customer_retention_rate")));

    List<KpiResult> each = numbers.runEach(MANAGER, query(core));

    KpiEngine alone = KpiEngine.on(ws, catalog);
    assertThat(each).hasSize(core.size());
    for (int i = 0; i < core.size(); i++) {
      KpiQuery single = query(List.of(core.get(i)));
      KpiResult r = each.get(i);
      assertThat(r.query()).isEqualTo(single);
      assertThat(r.kpis()).hasSize(1);
      assertThat(r.kpis().get(0).id()).isEqualTo(core.get(i));
      assertThat(r.kpis().get(0).cells()).as(core.get(i)).isEqualTo(alone.run(single).kpis().get(0).cells());
      assertThat(numbers.run(MANAGER, single)).as("cached as " + core.get(i) + " alone").isSameAs(r);
    }
    assertThat(each.get(core.indexOf("customer_retention_rate"))).isSameAs(retentionFirst);
  }

  static long keptRows(Workspace ws) throws Exception {
    try (var c = ws.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM kept_results")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aRestartedServerAnswersFromTheResultsKeptInTheWorkspace() throws Exception {
    try (Workspace own = Workspace.openInMemory("numbers-kept", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      DemoGenerator.generate(own, new DemoSpec(3, 500, END), Progress.NONE);
      List<String> kpis = List.of("win_rate", "customer_retention_rate", "cac");
      List<KpiResult> before = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, true).runEach(MANAGER, query(kpis));
      assertThat(before).allSatisfy(r -> assertThat(r.source()).doesNotContain("kept"));

      // A new server on the same workspace: nothing in memory, the same data.
      List<KpiResult> after = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, true).runEach(MANAGER, query(kpis));

      for (int i = 0; i < kpis.size(); i++) {
        assertThat(after.get(i).source()).as(kpis.get(i)).contains("kept from");
        assertThat(after.get(i).kpis()).as(kpis.get(i)).isEqualTo(before.get(i).kpis());
      }
      // Turned off, it neither reads them nor keeps any.
      long keptBefore = keptRows(own);
      KpiResult off = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, false).run(MANAGER, query(List.of("win_rate",
          "revenue")));
      assertThat(off.source()).doesNotContain("kept");
      assertThat(keptRows(own)).isEqualTo(keptBefore);
    }
  }

  /** A demo company whose data runs up to today, as histories reach from three years back to this year's end. */
  static Workspace upToToday(String name, int deals) {
    Workspace own = Workspace.openInMemory(name, new Settings("EUR", ZoneId.of("Europe/Stockholm")));
    DemoGenerator.generate(own, new DemoSpec(5, deals, LocalDate.now(ZoneId.of("Europe/Stockholm"))), Progress.NONE);
    return own;
  }

  static KpiQuery byMonth(List<String> kpis, LocalDate from, LocalDate to) {
    return new KpiQuery(kpis.stream().map(KpiRequest::of).toList(), from, to, new Calendar(Grain.MONTH, 1), List.of(), null, 30, null);
  }

  @Test
  void aRangeInsideAComputedHistoryIsReadFromItUntilTheDataChanges() throws Exception {
    try (Workspace own = upToToday("numbers-history", 800)) {
      Catalog catalog = Catalog.builtin();
      DataVersion version = new DataVersion(event -> {});
      Numbers numbers = new Numbers(own, catalog, version, true, false);
      KpiEngine direct = KpiEngine.on(own, catalog);
      List<String> kpis = List.of("win_rate", "customer_retention_rate");
      LocalDate month = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusMonths(7).withDayOfMonth(1);
      numbers.computeHistory(MANAGER, byMonth(kpis, month.minusMonths(11), month.plusMonths(1)));

      // Another range by month (starting and ending inside months), and one KPI alone (a KPI page's trend): read from the
      // history, with the cells computing it would give.
      KpiQuery around = byMonth(kpis, month.minusMonths(1).plusDays(9), month.plusMonths(1).plusDays(1));
      List<KpiResult> each = numbers.runEach(MANAGER, around);
      for (int i = 0; i < kpis.size(); i++) {
        KpiQuery single = around.withKpis(List.of(around.kpis().get(i)));
        assertThat(each.get(i).query()).isEqualTo(single);
        assertThat(each.get(i).source()).as(kpis.get(i)).endsWith("read from its history");
        assertThat(each.get(i).kpis().get(0).cells()).as(kpis.get(i)).hasSize(3).isEqualTo(direct.run(single).kpis().get(0).cells());
      }
      // Both KPIs in one query (as the API asks for several): read from their histories too.
      KpiResult both = numbers.run(MANAGER, around);
      assertThat(both.source()).endsWith("read from its history");
      for (int i = 0; i < kpis.size(); i++) {
        assertThat(both.kpis().get(i).cells()).as(kpis.get(i)).isEqualTo(each.get(i).kpis().get(0).cells());
      }
      KpiQuery one = byMonth(List.of("win_rate"), month, month.plusMonths(1).minusDays(1));
      double winRate = numbers.run(MANAGER, one).kpis().get(0).cells().get(0).value();
      assertThat(winRate).isPositive();

      // The month's wins become losses. Until the numbers hear of it, a range never asked for is still read from the history...
      try (var c = own.connect(); var s = c.createStatement()) {
        assertThat(s.executeUpdate("UPDATE deals SET status = 'lost' WHERE status = 'won' AND closed_at >= TIMESTAMP '" + month
            + " 00:00:00' AND closed_at < TIMESTAMP '" + month.plusMonths(1) + " 00:00:00'")).isPositive();
      }
      KpiQuery threeMonths = one.withRange(month, month.plusMonths(3).minusDays(1));
      assertThat(numbers.run(MANAGER, threeMonths).kpis().get(0).cells().get(0).value()).isEqualTo(winRate);
      // ...while computed from the rows, the month has no wins now.
      assertThat(direct.run(threeMonths).kpis().get(0).cells().get(0).value()).isZero();

      // New data: the history is gone, the range is computed.
      numbers.on(version.bump(1));
      KpiResult computed = numbers.run(MANAGER, threeMonths);
      assertThat(computed.source()).doesNotContain("history");
      assertThat(computed.kpis().get(0).cells().get(0).value()).isZero();
      // Queries no history can answer are computed on newer data too: several KPIs in total, or by rep.
      KpiQuery total = new KpiQuery(List.of(KpiRequest.of("win_rate"), KpiRequest.of("revenue")), month, month.plusMonths(2),
          new Calendar(Grain.TOTAL, 1), List.of(), null, 30, null);
      assertThat(numbers.run(MANAGER, total).kpis()).hasSize(2);
      assertThat(numbers.run(MANAGER, new KpiQuery(total.kpis(), month, month, new Calendar(Grain.MONTH, 1), List.of("rep"), null, 30, null))
          .source()).doesNotContain("history");

      // A breakdown has no history: its groups are those found in its own range.
      assertThatThrownBy(() -> numbers.computeHistory(MANAGER, new KpiQuery(List.of(KpiRequest.of("win_rate")), month, month,
          new Calendar(Grain.MONTH, 1), List.of("rep"), null, 30, null))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aQueryThatFailsBesideAHistoryFailsAgainWhenAskedAgainInsteadOfWaitingForever() {
    try (Workspace own = upToToday("numbers-history-failure", 500)) {
      Numbers numbers = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, false);
      LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
      KpiQuery weeks = new KpiQuery(List.of(KpiRequest.of("win_rate"), KpiRequest.of("revenue")), today.minusMonths(2), today,
          new Calendar(Grain.WEEK, 1), List.of(), null, 30, null);
      numbers.computeHistory(MANAGER, weeks);
      // Far too many weeks: the range is refused, and the second time too, not left waiting on the first one's entry.
      KpiQuery tooLong = weeks.withRange(LocalDate.of(1600, 1, 1), today);
      assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
        assertThatThrownBy(() -> numbers.runEach(MANAGER, tooLong)).isInstanceOf(QueryException.class);
        for (KpiRequest r : tooLong.kpis()) {
          assertThatThrownBy(() -> numbers.run(MANAGER, tooLong.withKpis(List.of(r)))).as(r.kpi()).isInstanceOf(QueryException.class);
        }
      });
    }
  }

  @Test
  void aRestartedServerReadsTheHistoriesKeptInTheWorkspace() {
    try (Workspace own = upToToday("numbers-history-kept", 500)) {
      LocalDate month = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusMonths(7).withDayOfMonth(1);
      List<String> kpis = List.of("win_rate", "cac");
      new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, true).computeHistory(MANAGER,
          byMonth(kpis, month.minusMonths(11), month));

      // A new server on the same workspace has computed nothing: a range it was never asked for is read from the kept history.
      List<KpiResult> after = new Numbers(own, Catalog.builtin(), new DataVersion(event -> {}), true, true).runEach(MANAGER,
          byMonth(kpis, month.minusMonths(2), month));
      KpiEngine direct = KpiEngine.on(own, Catalog.builtin());
      for (int i = 0; i < kpis.size(); i++) {
        assertThat(after.get(i).source()).as(kpis.get(i)).contains("kept from").endsWith("read from its history");
        assertThat(after.get(i).kpis().get(0).cells()).as(kpis.get(i))
            .isEqualTo(direct.run(byMonth(List.of(kpis.get(i)), month.minusMonths(2), month)).kpis().get(0).cells());
      }
    }
  }

  @Test
  void noHistoryIsComputedOrReadWhileTheWorkspaceAnswersFromResultsComputedElsewhere() throws Exception {
    try (Workspace own = upToToday("numbers-precomputed", 500)) {
      Catalog catalog = Catalog.builtin();
      LocalDate month = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusMonths(7).withDayOfMonth(1);
      KpiQuery year = byMonth(List.of("win_rate"), month.minusMonths(11), month);
      Numbers numbers = new Numbers(own, catalog, new DataVersion(event -> {}), true, false);
      // Whether results computed elsewhere arrived is read again after two seconds; here at once.
      numbers.settingsFor(java.time.Duration.ZERO);
      numbers.computeHistory(MANAGER, byMonth(List.of("revenue"), month, month));
      KpiResult stored = KpiEngine.on(own, catalog).run(year);
      try (var c = own.connect()) {
        Precomputed.store(c, year, stored, "spark", java.time.LocalDateTime.now().plusMinutes(1));
      }
      // Results computed elsewhere arrived (no new data): neither the history computed before nor a new one is used.
      numbers.computeHistory(MANAGER, year);
      assertThat(numbers.run(MANAGER, year.withRange(month.minusMonths(2), month)).source()).doesNotContain("history");
      assertThat(numbers.run(MANAGER, byMonth(List.of("revenue"), month.minusMonths(1), month)).source()).doesNotContain("history");
      assertThat(numbers.run(MANAGER, year).source()).startsWith("precomputed by spark");
    }
  }
}

package io.kompass.app.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.expr.ExprPrinter;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

class QueryPolicyTest {

  static SignedIn anna() {
    return new SignedIn(3, "anna@example.com", "Anna", Role.REP, "R1", "Anna O'Berg", "Nordics", null);
  }

  static SignedIn as(Role role) {
    return new SignedIn(1, role.id(), role.id(), role, null, null, null, null);
  }

  static KpiQuery query(List<String> by, String where) {
    return new KpiQuery(List.of(KpiRequest.of("win_rate")), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 6, 30), new Calendar(Grain.MONTH, 1),
        by, where == null ? null : ExprParser.parse(where), 30, null);
  }

  static String filter(KpiQuery q) {
    return q.filter() == null ? null : ExprPrinter.print(q.filter());
  }

  @Test
  void aKpiBuiltFromAKpiThatCountsRepsCountsRepsToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("mine.yaml"), String.join("\n",
        "kpis:",
        "  - id: ramp_per_cycle",
        "    name: {en: Ramp per cycle, sv: Upprampning per säljcykel}",
        "    unit: number",
        "    description: {en: x, sv: x}",
        "    formula: {en: x, sv: x}",
        "    components:",
        "      ramp: {kpi: rep_ramp_days}",
        "      cycle: {kpi: sales_cycle_days}",
        "    value: ramp / cycle",
        "    guidance:",
        "      why: {en: x, sv: x}",
        "      pitfalls: {en: x, sv: x}",
        "      read_with: [win_rate]",
        "      read_with_why: {en: x, sv: x}",
        "      remedies: {en: x, sv: x}",
        ""));
    io.kompass.engine.catalog.Catalog catalog = io.kompass.engine.catalog.Catalog.load(dir);
    assertThat(QueryPolicy.aboutReps(catalog, "rep_ramp_days")).isTrue();
    assertThat(QueryPolicy.aboutReps(catalog, "ramp_per_cycle")).isTrue();
    assertThat(QueryPolicy.aboutReps(catalog, "sales_cycle_days")).isFalse();
  }

  @Test
  void adminsAndManagersRunEveryQueryAsAsked() {
    for (Role r : List.of(Role.ADMIN, Role.MANAGER)) {
      KpiQuery q = query(List.of("rep"), "rep = 'Jonas Ek'");
      assertThat(QueryPolicy.apply(as(r), q)).isSameAs(q);
    }
  }

  @Test
  void teamLevelQueriesRunAsAskedForEveryone() {
    for (SignedIn u : List.of(anna(), as(Role.VIEWER))) {
      KpiQuery q = query(List.of("team"), "region = 'North'");
      assertThat(QueryPolicy.apply(u, q)).isSameAs(q);
    }
  }

  @Test
  void aRepGroupingOrFilteringByRepGetsOnlyTheirOwnRows() {
    assertThat(filter(QueryPolicy.apply(anna(), query(List.of("rep"), null)))).isEqualTo("rep = 'Anna O''Berg'");
    assertThat(filter(QueryPolicy.apply(anna(), query(List.of("team"), "rep = 'Jonas Ek'"))))
        .isEqualTo("(rep = 'Jonas Ek') and (rep = 'Anna O''Berg')");
    assertThat(filter(QueryPolicy.apply(anna(), query(List.of("rep"), "rep != 'Anna O''Berg' or team = 'x'"))))
        .endsWith(" and (rep = 'Anna O''Berg')");
  }

  @Test
  void viewersAndUnlinkedRepsCannotAskForIndividualReps() {
    SignedIn unlinked = new SignedIn(4, "x", "x", Role.REP, null, null, null, null);
    for (SignedIn u : List.of(as(Role.VIEWER), unlinked)) {
      assertThatThrownBy(() -> QueryPolicy.apply(u, query(List.of("rep"), null))).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> QueryPolicy.apply(u, query(List.of(), "rep in ('a')"))).isInstanceOf(AccessDeniedException.class);
    }
  }
}

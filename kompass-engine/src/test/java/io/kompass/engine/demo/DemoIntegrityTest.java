package io.kompass.engine.demo;

import static io.kompass.engine.demo.DemoFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.ColumnType;
import io.kompass.engine.model.RowRule;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo data passes every rule the importer enforces, read from the canonical model itself so
 * that a new rule is checked here too: keys, required columns, allowed values, references, money,
 * currencies and the row rules.
 */
class DemoIntegrityTest {

  final Workspace ws = DemoFixture.company();

  /** Each check is a count of offending rows, which must be zero. */
  List<String> violations(List<String[]> checks) {
    List<String> out = new ArrayList<>();
    for (String[] check : checks) {
      long bad = count(ws, check[1]);
      if (bad > 0) {
        out.add(check[0] + ": " + bad + " rows");
      }
    }
    return out;
  }

  @Test
  void everyTableIsFilledFromTheDemoSource() {
    for (Table t : CanonicalModel.tables()) {
      assertThat(count(ws, "SELECT count(*) FROM " + t.name())).as(t.name()).isPositive();
      assertThat(count(ws, "SELECT count(*) FROM " + t.name() + " WHERE source_system <> 'demo'")).as(t.name()).isZero();
    }
  }

  @Test
  void keysAreUniqueAndRequiredColumnsFilled() {
    List<String[]> checks = new ArrayList<>();
    for (Table t : CanonicalModel.tables()) {
      String key = String.join(", ", t.key());
      checks.add(new String[] {t.name() + " duplicate " + key,
          "SELECT count(*) - count(DISTINCT (" + key + ")) FROM " + t.name()});
      for (Column c : t.columns()) {
        if (c.required() || c.defaultValue() != null) {
          checks.add(new String[] {t.name() + "." + c.name() + " missing",
              "SELECT count(*) FROM " + t.name() + " WHERE " + c.name() + " IS NULL"});
        }
      }
    }
    assertThat(violations(checks)).isEmpty();
  }

  @Test
  void valuesAreAllowedReferencesResolveAndMoneyIsValid() {
    List<String[]> checks = new ArrayList<>();
    for (Table t : CanonicalModel.tables()) {
      for (Column c : t.columns()) {
        String where = t.name() + "." + c.name();
        if (c.type() == ColumnType.ENUM) {
          String allowed = c.allowed().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
          checks.add(new String[] {where + " not allowed",
              "SELECT count(*) FROM " + t.name() + " WHERE " + c.name() + " NOT IN (" + allowed + ")"});
        }
        if (c.references() != null) {
          checks.add(new String[] {where + " dangling",
              "SELECT count(*) FROM " + t.name() + " x WHERE x." + c.name() + " IS NOT NULL AND NOT EXISTS"
                  + " (SELECT 1 FROM " + c.references() + " r WHERE r.id = x." + c.name() + ")"});
        }
        if (c.type() == ColumnType.MONEY) {
          checks.add(new String[] {where + " negative",
              "SELECT count(*) FROM " + t.name() + " WHERE " + c.name() + " < 0"});
        }
        if (c.type() == ColumnType.CURRENCY && !t.name().equals("currency_rates")) {
          checks.add(new String[] {where + " unknown currency",
              "SELECT count(*) FROM " + t.name() + " WHERE " + c.name() + " <> 'EUR' AND " + c.name()
                  + " NOT IN (SELECT currency FROM currency_rates)"});
        }
      }
      for (RowRule rule : CanonicalModel.rowRules(t.name())) {
        checks.add(new String[] {t.name() + ": " + rule.reason(),
            "SELECT count(*) FROM " + t.name() + " WHERE " + rule.failsWhen()});
      }
    }
    checks.add(new String[] {"history marked inferred", "SELECT count(*) FROM deal_stage_history WHERE inferred"});
    checks.add(new String[] {"deal stage not in its pipeline",
        "SELECT count(*) FROM deals d WHERE NOT EXISTS"
            + " (SELECT 1 FROM pipeline_stages p WHERE p.pipeline = d.pipeline AND p.stage = d.stage)"});
    checks.add(new String[] {"deal status differs from its stage's",
        "SELECT count(*) FROM deals d JOIN pipeline_stages p ON p.pipeline = d.pipeline AND p.stage = d.stage"
            + " WHERE p.status <> d.status"});
    checks.add(new String[] {"open deal with an expected close missing",
        "SELECT count(*) FROM deals WHERE status = 'open' AND expected_close_at IS NULL"});
    checks.add(new String[] {"qualified before created", "SELECT count(*) FROM deals WHERE qualified_at < created_at"});
    checks.add(new String[] {"lead converted without a won deal",
        "SELECT count(*) FROM leads l WHERE status = 'converted'"
            + " AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = l.id AND d.status = 'won')"});
    checks.add(new String[] {"won deal whose lead is not converted",
        "SELECT count(*) FROM deals d JOIN leads l ON l.id = d.lead_id"
            + " WHERE d.status = 'won' AND l.status <> 'converted'"});
    checks.add(new String[] {"deal created before its lead",
        "SELECT count(*) FROM deals d JOIN leads l ON l.id = d.lead_id WHERE d.created_at < l.created_at"});
    assertThat(violations(checks)).isEmpty();
  }

  @Test
  void everythingHappensInsideTheTimelineExceptPlannedActivities() {
    String start = "TIMESTAMP '2023-01-01'";
    String after = "TIMESTAMP '2026-01-01'";
    List<String[]> checks = new ArrayList<>();
    for (String[] tc : new String[][] {{"leads", "created_at"}, {"deals", "created_at"}, {"deals", "closed_at"},
        {"deal_stage_history", "entered_at"}, {"orders", "ordered_at"}, {"survey_responses", "responded_at"},
        {"accounts", "created_at"}, {"leads", "lost_at"}, {"leads", "converted_at"}}) {
      checks.add(new String[] {tc[0] + "." + tc[1] + " outside 2023-2025",
          "SELECT count(*) FROM " + tc[0] + " WHERE " + tc[1] + " < " + start + " OR " + tc[1] + " >= " + after});
    }
    checks.add(new String[] {"done activity in the future",
        "SELECT count(*) FROM activities WHERE done AND occurred_at >= " + after});
    checks.add(new String[] {"activity before 2023", "SELECT count(*) FROM activities WHERE occurred_at < " + start});
    checks.add(new String[] {"costs outside 2023-2025",
        "SELECT count(*) FROM costs WHERE incurred_on < DATE '2023-01-01' OR incurred_on > DATE '2025-12-31'"});
    assertThat(violations(checks)).isEmpty();
    assertThat(count(ws, "SELECT count(*) FROM activities WHERE NOT done AND occurred_at >= " + after))
        .as("planned next steps on open deals").isPositive();
    assertThat(count(ws, "SELECT count(*) FROM currency_rates_daily WHERE currency = 'SEK'"
        + " AND rate_date BETWEEN DATE '2023-01-01' AND DATE '2025-12-31'")).isEqualTo(1096);
  }
}

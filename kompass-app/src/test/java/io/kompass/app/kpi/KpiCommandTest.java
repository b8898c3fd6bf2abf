package io.kompass.app.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class KpiCommandTest {

  @TempDir Path dir;
  String ws;

  @BeforeEach
  void importSmallExport() throws Exception {
    ws = dir.resolve("ws.duckdb").toString();
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    assertThat(KompassCli.run("import", "--workspace", ws, in.toString()).exitCode()).isEqualTo(Kompass.QUARANTINED);
  }

  @Test
  void quartersStartInTheWorkspacesFiscalYearUnlessAskedOtherwise() {
    try (var w = io.kompass.engine.workspace.Workspace.openFile(Path.of(ws), io.kompass.engine.workspace.Settings.DEFAULT)) {
      w.saveSetting(io.kompass.engine.workspace.Workspace.FISCAL_START, "11");
    }
    Result fiscal = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--from", "2023-11-01", "--to", "2024-10-31", "--grain", "quarter");
    assertThat(fiscal.exitCode()).as(fiscal.err()).isZero();
    assertThat(fiscal.outLines().get(0)).startsWith("Range 2023-11-01 to 2024-10-31 by quarter (fiscal year from month 11)");
    assertThat(fiscal.outLines()).anySatisfy(l -> assertThat(l).startsWith("  2023-11-01..2024-01-31 "))
        .anySatisfy(l -> assertThat(l).startsWith("  2024-08-01..2024-10-31 "));
    Result calendar = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--from", "2024-01-01", "--to", "2024-12-31", "--grain", "quarter",
        "--fiscal-start", "1");
    assertThat(calendar.outLines().get(0)).startsWith("Range 2024-01-01 to 2024-12-31 by quarter;");
    assertThat(calendar.out()).doesNotContain("2023-11-01..");
    assertThat(calendar.outLines()).anySatisfy(l -> assertThat(l).startsWith("  2024-01"));
  }

  @Test
  void listsTheCatalog() {
    Result r = KompassCli.run("kpi", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines().get(0)).startsWith("  id").contains("Swedish name");
    assertThat(r.out()).contains("win_rate", "Vinstfrekvens", "by_value, all_created, with_overdue", "pipeline_density", "Pipeline-täthet");
  }

  @Test
  void showsADefinitionInEnglishOrSwedish() {
    Result r = KompassCli.run("kpi", "show", "win_rate");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).contains(
        "Win rate (win_rate)",
        "Formula:     won deals ÷ (won + lost deals), deals closed in the period",
        "  by_value (by value): value of won deals ÷ value of won and lost deals, closed in the period");
    Result sv = KompassCli.run("kpi", "show", "win_rate", "--lang", "sv");
    assertThat(sv.outLines()).contains("Vinstfrekvens (win_rate)", "Enhet:       ratio; högre är bättre", "Varianter:")
        .noneMatch(l -> l.startsWith("Formula:") || l.startsWith("Variants:") || l.startsWith("Why it matters:"));
  }

  @Test
  void computesKpisAsATableWithEvidence() {
    Result r = KompassCli.run("kpi", "win_rate", "average_deal_size", "--workspace", ws, "--from", "2024-02-01", "--to", "2024-03-31");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.outLines();
    assertThat(lines.get(0)).isEqualTo("Range 2024-02-01 to 2024-03-31 by month; money in EUR, converted to EUR at the rate in force on each row's anchor date.");
    assertThat(lines).contains("Win rate (win_rate, variant default)", "Average deal size (average_deal_size, variant default)");
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+2024-03\\s+100\\.0%\\s+1\\s+1\\s+1\\s+\\[20\\.7%, 100\\.0%\\]\\s+100%\\s+low volume"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+2024-02\\s+–\\s+0\\s+0\\s+0\\s+no data"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+2024-03\\s+1,000\\.00 EUR\\s+1000\\s+1\\s+1\\s+100%\\s+low volume"));
  }

  @Test
  void theTableSaysWhichPeriodIsStillRunningAndWhichCohortsHaveNotSettled() {
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));
    String month = today.toString().substring(0, 7);
    Result now = KompassCli.run("kpi", "lead_conversion_rate", "win_rate", "--workspace", ws, "--from", today.withDayOfMonth(1).toString(),
        "--to", today.toString());
    assertThat(now.exitCode()).as(now.err()).isZero();
    assertThat(now.outLines().stream().filter(l -> l.strip().startsWith(month)))
        .satisfiesExactly(
            conversion -> assertThat(conversion).endsWith("period running, still settling"),
            winRate -> assertThat(winRate).endsWith("period running"));
    Result old = KompassCli.run("kpi", "lead_conversion_rate", "--workspace", ws, "--from", "2024-01-01", "--to", "2024-03-31");
    assertThat(old.out()).doesNotContain("still settling", "period running");
  }

  @Test
  void jsonOutputHasTheDocumentedShape() throws Exception {
    Result r = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json", "--by", "rep");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.get("schema").asString()).isEqualTo("kompass.kpi-result/1");
    assertThat(json.get("query").get("group_by").get(0).asString()).isEqualTo("rep");
    JsonNode kpi = json.get("kpis").get(0);
    assertThat(kpi.get("id").asString()).isEqualTo("win_rate");
    assertThat(kpi.get("formula").get("sv").asString()).startsWith("vunna affärer");
    JsonNode cell = kpi.get("cells").get(0);
    assertThat(cell.get("group").get("rep").asString()).isEqualTo("Anna Berg");
    assertThat(cell.get("value").asDouble()).isEqualTo(1.0);
    assertThat(cell.get("numerator").asDouble()).isEqualTo(1.0);
    assertThat(cell.get("n").asLong()).isEqualTo(1);
    assertThat(cell.get("low_volume").asBoolean()).isTrue();
    assertThat(cell.get("coverage").get("share").asDouble()).isEqualTo(1.0);
    assertThat(List.copyOf(cellFields(cell))).containsExactly("period_start", "period_end", "group", "value", "numerator", "denominator", "n",
        "ci_low", "ci_high", "low_volume", "coverage", "converted_rows", "terms");
    assertThat(kpi.get("settles_after_days").isNull()).as("win rate is not a cohort").isTrue();
  }

  @Test
  void jsonSaysHowLongACohortKpiTakesToSettle() throws Exception {
    JsonMapper mapper = JsonMapper.builder().build();
    JsonNode plain = mapper.readTree(KompassCli.run("kpi", "lead_conversion_rate", "--workspace", ws, "--format", "json").out());
    assertThat(plain.get("kpis").get(0).get("settles_after_days").asLong()).isEqualTo(180);
    JsonNode windowed = mapper.readTree(
        KompassCli.run("kpi", "lead_conversion_rate", "--workspace", ws, "--param", "window_days=90", "--format", "json").out());
    assertThat(windowed.get("kpis").get(0).get("settles_after_days").asLong()).isEqualTo(90);
    JsonNode show = mapper.readTree(KompassCli.run("kpi", "show", "lead_conversion_rate", "--format", "json").out());
    assertThat(show.get("settles_after_days").asInt()).isEqualTo(180);
  }

  private static List<String> cellFields(JsonNode cell) {
    return cell.propertyNames().stream().toList();
  }

  @Test
  void csvOutputHasOneRowPerKpiPeriodAndGroup() {
    Result r = KompassCli.run("kpi", "revenue", "--workspace", ws, "--from", "2024-03-01", "--to", "2024-04-30", "--format", "csv");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).containsExactly(
        "kpi,variant,period_start,period_end,value,numerator,denominator,n,ci_low,ci_high,low_volume,included,excluded,coverage,converted_rows,unit,currency",
        "revenue,default,2024-03-01,2024-03-31,1000.0,,,1,,,true,1,0,1.0,0,money,EUR",
        "revenue,default,2024-04-01,2024-04-30,0.0,,,0,,,true,0,0,,0,money,EUR");
    // Large and small numbers are written out in full, as spreadsheets read them.
    assertThat(List.of(KpiCommand.raw(1.0005534E7), KpiCommand.raw(1.5E-7), KpiCommand.raw(0.31), KpiCommand.raw(-2.0E10)))
        .containsExactly("10005534.0", "0.00000015", "0.31", "-20000000000.0");
    // The table's numerator and denominator: whole numbers as such, others with up to four decimals and no trailing zeros.
    assertThat(List.of(Values.number(2500.0), Values.number(11234.5), Values.number(1.0 / 3))).containsExactly("2500", "11234.5", "0.3333");
  }

  @Test
  void mistakesInTheQueryExitWithUsageCodeAndAClearMessage() {
    Result unknown = KompassCli.run("kpi", "win_ratio", "--workspace", ws);
    assertThat(unknown.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(unknown.err()).contains("no KPI 'win_ratio'; run `kompass kpi list` to see the catalog");
    Result variant = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--variant", "win_rate:fastest");
    assertThat(variant.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(variant.err()).contains("KPI win_rate has no variant 'fastest'");
    Result anyVariant = KompassCli.run("kpi", "win_rate", "cac", "--workspace", ws, "--variant", "nope");
    assertThat(anyVariant.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(anyVariant.err()).contains("--variant nope: none of the KPIs asked for has it; win_rate has by_value, all_created, with_overdue;"
        + " cac has marketing_only, all_costs");
    Result dimension = KompassCli.run("kpi", "cac", "--workspace", ws, "--by", "rep");
    assertThat(dimension.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(dimension.err()).contains("KPI cac cannot be grouped or filtered by rep");
    Result where = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--where", "team = ");
    assertThat(where.err()).contains("--where: unexpected end of expression");
    Result bare = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--where", "team");
    assertThat(bare.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(bare.errLines()).first().asString().endsWith("filter: 'team' is not a condition; compare a dimension with a value, e.g. team = 'Nordics'");
    Result date = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--from", "2017-13-01");
    assertThat(date.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(date.errLines()).first().isEqualTo("Invalid value for option '--from': '2017-13-01' is not a date: write YYYY-MM-DD, e.g. 2025-06-30");
  }

  @Test
  void explainPrintsTheSqlWithNamedSteps() {
    Result r = KompassCli.run("explain", "win_rate", "--from", "2024-01-01", "--to", "2024-03-31", "--workspace", ws);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("-- step: BuildPeriodSpine (3 month periods)", "-- step: AggregateMeasures (fact deals, anchor closed_at)",
        "count(*) FILTER (WHERE (f.status = CAST(? AS VARCHAR))) AS t1", "--   ?7 = 'won'");
  }

  @Test
  void compareGivesTheBeforeAfterTable() throws Exception {
    Result r = KompassCli.run("compare", "--workspace", ws, "--before", "2024-01-01..2024-02-29", "--after", "2024-03-01..2024-03-31",
        "win_rate", "revenue");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines().get(0)).isEqualTo("Before 2024-01-01 to 2024-02-29, after 2024-03-01 to 2024-03-31; significant means p < 0.05.");
    // Revenue adds up its range: two months against one are not comparable.
    assertThat(r.out()).contains("Revenue", "+1,000.00", "unequal");
    // A change that is not judged gets no verdict, whatever its p.
    assertThat(r.outLines().stream().filter(l -> l.strip().startsWith("Revenue")).findFirst().orElseThrow().strip()).endsWith("not judged");
    // Options of kpi that split a period do not apply to compare.
    Result by = KompassCli.run("compare", "--workspace", ws, "--before", "2024-01-01..2024-02-29", "--after", "2024-03-01..2024-03-31",
        "win_rate", "--by", "team");
    assertThat(by.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(by.errLines()).first().asString().contains("--by does not apply");
    // NPS changes by points, without a percentage.
    assertThat(CompareCommand.change(-18.6, -0.45, io.kompass.engine.catalog.Unit.SCORE)).isEqualTo("-18.6");
    assertThat(CompareCommand.change(1000.0, 0.5, io.kompass.engine.catalog.Unit.MONEY)).isEqualTo("+1,000.00 (+50%)");
    Result json = KompassCli.run("compare", "--workspace", ws, "--before", "2024-01-01..2024-02-29", "--after", "2024-03-01..2024-03-31",
        "revenue", "--format", "json");
    JsonNode row = JsonMapper.builder().build().readTree(json.out()).get("kpis").get(0);
    assertThat(row.get("effect").asString()).isEqualTo("unequal");
    assertThat(row.get("absolute_change").asDouble()).isEqualTo(1000.0);
    Result bad = KompassCli.run("compare", "--workspace", ws, "--before", "January", "--after", "2024-03-01..2024-03-31");
    assertThat(bad.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(bad.err()).contains("--before must be a date range like 2025-01-01..2025-03-31, got 'January'");
    // Changes carry their unit, like the values.
    assertThat(java.util.Arrays.stream(io.kompass.engine.catalog.Unit.values()).map(u -> CompareCommand.signed(-3.04, u)).toList())
        .containsExactly("-304.0 pp", "-3.04", "-3.0 d", "-3 s", "-3", "-3.04", "-3.0");
  }

  @Test
  void catalogValidateReportsFileAndLine() throws Exception {
    Result ok = KompassCli.run("catalog", "validate");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).startsWith("The catalog is valid: 20 KPIs");
    Path user = Files.createDirectories(dir.resolve("kpis"));
    Files.writeString(user.resolve("mine.yaml"), "kpis:\n  - id: win_rate\n    terms:\n      won: {agg: count, filter: \"stauts = 'won'\"}\n");
    Result bad = KompassCli.run(Map.of("KOMPASS_CATALOG", user.toString()), "catalog", "validate");
    assertThat(bad.exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(bad.err()).contains(user.resolve("mine.yaml") + ":4: KPI win_rate term won: 'stauts' is not known in fact deals");
  }
}

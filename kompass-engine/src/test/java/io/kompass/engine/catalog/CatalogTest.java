package io.kompass.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.query.QueryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  @TempDir Path dir;

  /** Every KPI of the reference list (kpis.md) with the variants it names. */
  @Test
  void theBuiltInCatalogHasEveryKpiOfTheReferenceWithItsVariants() {
    Catalog c = Catalog.builtin();
    Map<String, List<String>> expected = Map.ofEntries(
        Map.entry("lead_conversion_rate", List.of("period")),
        Map.entry("average_order_value", List.of("gross")),
        Map.entry("average_deal_size", List.of("all_closed")),
        Map.entry("sales_cycle_days", List.of("start_deal_created", "start_qualified", "all_closed", "mean", "p75")),
        Map.entry("cac", List.of("marketing_only", "all_costs")),
        Map.entry("customer_retention_rate", List.of("trailing_12m", "repeat_purchase_rate")),
        Map.entry("contacts_per_close", List.of("done_only")),
        Map.entry("pipeline_density", List.of("value", "all_open")),
        Map.entry("pipeline_coverage", List.of()),
        Map.entry("win_rate", List.of("by_value", "all_created", "with_overdue")),
        Map.entry("lost_lead_rate", List.of()),
        Map.entry("csat", List.of()),
        Map.entry("nps", List.of()),
        Map.entry("rep_ramp_days", List.of("mean", "to_quota")),
        Map.entry("revenue", List.of("orders")),
        Map.entry("sales_velocity", List.of()),
        Map.entry("ltv", List.of("window_12m")),
        Map.entry("ltv_cac_ratio", List.of()),
        Map.entry("avg_call_duration", List.of()),
        Map.entry("talk_time_per_won_deal", List.of()));
    assertThat(c.kpis()).extracting(Kpi::id).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((id, variants) -> assertThat(c.variantsOf(id)).as(id).containsExactlyElementsOf(variants));
    assertThat(c.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id))
        .containsExactlyInAnyOrder("lead_conversion_rate", "average_order_value", "sales_cycle_days", "cac", "customer_retention_rate",
            "contacts_per_close", "pipeline_density");
    for (Kpi k : c.kpis()) {
      assertThat(k.name().sv()).as(k.id()).isNotBlank();
      assertThat(k.formula().en()).as(k.id()).isNotBlank();
      assertThat(k.guidance().remedies().sv()).as(k.id()).isNotBlank();
      assertThat(k.guidance().readWith()).as(k.id()).isNotEmpty();
    }
  }

  @Test
  void kpisThatAddUpThePeriodsEventsAccrueAndRatesAveragesAndPointInTimeCountsDoNot() throws IOException {
    Catalog c = Catalog.builtin();
    List<String> accruing = new java.util.ArrayList<>();
    for (Kpi k : c.kpis()) {
      for (String v : c.variantsOf(k.id())) {
        if (c.resolve(k.id(), List.of(v), Map.of()).accrues()) {
          accruing.add(k.id() + "+" + v);
        }
      }
      if (k.accrues()) {
        accruing.add(k.id());
      }
    }
    // Revenue sums the period's won deals (or orders); retention puts this period's buying customers over all of the
    // previous period's. Its trailing-12-month variant subtracts this period's new customers from a 12-month count,
    // which grows differently. Its repeat-purchase variant is a ratio within one period.
    assertThat(accruing).containsExactlyInAnyOrder("revenue", "revenue+orders", "customer_retention_rate",
        "customer_retention_rate+trailing_12m");
    Files.writeString(dir.resolve("team.yaml"), """
        kpis:
          - id: calls_made
            name: {en: Calls made, sv: Samtal}
            unit: count
            direction: higher
            description: {en: Calls in the period., sv: Samtal under perioden.}
            formula: {en: calls in the period, sv: samtal under perioden}
            fact: activities
            anchor: occurred_at
            terms:
              calls: {agg: count, filter: "type = 'call'"}
              reps: {fact: reps, anchor: started_at, agg: count, window_months: 120}
            value: calls
            variants:
              per_rep:
                label: {en: per rep, sv: per säljare}
                formula: {en: calls in the period ÷ reps hired in the last ten years, sv: samtal ÷ säljare anställda de senaste tio åren}
                value: calls / reps
              plus_one:
                label: {en: plus one, sv: plus ett}
                formula: {en: calls plus one, sv: samtal plus ett}
                value: calls / reps + 1
              guarded:
                label: {en: guarded, sv: skyddad}
                formula: {en: calls per rep or none, sv: samtal per säljare}
                value: calls / nullif(coalesce(reps, 0), 0)
            guidance:
              why: {en: a, sv: a}
              pitfalls: {en: b, sv: b}
              read_with: [win_rate]
              read_with_why: {en: c, sv: c}
              remedies: {en: d, sv: d}
        """);
    Catalog mine = Catalog.load(dir);
    assertThat(mine.kpi("calls_made").accrues()).as("a count of the period's rows").isTrue();
    assertThat(mine.resolve("calls_made", List.of("per_rep"), Map.of()).accrues()).as("over a trailing window, which does not grow")
        .isTrue();
    Files.writeString(dir.resolve("team.yaml"), Files.readString(dir.resolve("team.yaml"))
        .replace("window_months: 120}", "}").replace("reps hired in the last ten years", "reps hired in the period"));
    assertThat(Catalog.load(dir).resolve("calls_made", List.of("per_rep"), Map.of()).accrues()).as("over another count of the period").isFalse();
    assertThat(Catalog.load(dir).resolve("calls_made", List.of("guarded"), Map.of()).accrues()).as("a guarded ratio of two counts").isFalse();
    assertThat(Catalog.load(dir).resolve("calls_made", List.of("plus_one"), Map.of()).accrues()).as("a ratio plus a constant").isFalse();
    assertThat(mine.resolve("calls_made", List.of("plus_one"), Map.of()).accrues()).as("growing, plus a constant").isTrue();
    assertThat(mine.resolve("calls_made", List.of("guarded"), Map.of()).accrues()).as("constants in functions change nothing").isTrue();
  }

  @Test
  void cohortKpisSettleOnceTheirWindowOrSettlingTimeHasPassedAndVariantsAndUserFilesCanSayOtherwise() throws IOException {
    Catalog c = Catalog.builtin();
    java.time.LocalDate today = java.time.LocalDate.of(2026, 11, 27);
    java.time.LocalDate octoberEnd = java.time.LocalDate.of(2026, 11, 1);
    assertThat(c.kpis().stream().filter(Kpi::cohort).map(Kpi::id)).containsExactlyInAnyOrder("lead_conversion_rate", "rep_ramp_days");
    Kpi conversion = c.resolve("lead_conversion_rate", List.of(), Map.of());
    assertThat(conversion.settlesAfterDays()).isEqualTo(180);
    assertThat(conversion.settled(octoberEnd, today)).isFalse();
    assertThat(conversion.settled(java.time.LocalDate.of(2026, 6, 1), today)).as("May, 179 days ago").isFalse();
    assertThat(conversion.settled(java.time.LocalDate.of(2026, 5, 31), today)).as("180 days ago").isTrue();
    assertThat(c.resolve("lead_conversion_rate", List.of(), Map.of("window_days", "26")).settled(octoberEnd, today)).isTrue();
    assertThat(c.resolve("lead_conversion_rate", List.of(), Map.of("window_days", "27")).settled(octoberEnd, today)).isFalse();
    assertThat(c.resolve("lead_conversion_rate", List.of("period"), Map.of()).cohort()).isFalse();
    assertThat(c.resolve("win_rate", List.of(), Map.of()).settled(octoberEnd, today)).isTrue();
    assertThat(c.resolve("win_rate", List.of("all_created"), Map.of()).cohort()).isTrue();
    Files.writeString(dir.resolve("team.yaml"), """
        kpis:
          - id: lead_conversion_rate
            settles_after_days: 26
        """);
    assertThat(Catalog.load(dir).kpi("lead_conversion_rate").settled(octoberEnd, today)).isTrue();
  }

  @Test
  void aUserCatalogAddsKpisAndOverridesParameters() throws IOException {
    Files.writeString(dir.resolve("team.yaml"), """
        kpis:
          - id: cac
            params:
              categories: {default: [marketing]}
          - id: big_deal_share
            name: {en: Big-deal share, sv: Andel stora affärer}
            unit: ratio
            direction: higher
            description: {en: Share of won deals above a size, sv: Andel vunna affärer över en storlek}
            formula: {en: won deals of at least $min ÷ won deals, sv: vunna affärer på minst $min ÷ vunna affärer}
            fact: deals
            anchor: closed_at
            params:
              min: {type: number, default: 10000, description: {en: smallest big deal, sv: minsta stora affär}}
            terms:
              big: {agg: count, filter: "status = 'won' and amount >= $min"}
              won: {agg: count, filter: "status = 'won'"}
            numerator: big
            denominator: won
            ci: wilson
            guidance:
              why: {en: a, sv: a}
              pitfalls: {en: b, sv: b}
              read_with: [average_deal_size]
              read_with_why: {en: c, sv: c}
              remedies: {en: d, sv: d}
        """);
    Catalog c = Catalog.load(dir);
    assertThat(c.kpi("cac").paramValues()).containsEntry("categories", List.of("marketing"));
    assertThat(c.kpi("big_deal_share").paramValues()).containsEntry("min", "10000");
    // A whole default of a number parameter reads as a whole number: 10000 in the catalog's JSON and docs, not 10000.0.
    assertThat(c.kpi("big_deal_share").params().get("min").defaultValue()).isEqualTo(10000L);
    assertThat(c.resolve("big_deal_share", List.of(), Map.of("min", "5000")).paramValues()).containsEntry("min", 5000.0);
    // The formula shown names the value that ran.
    assertThat(c.resolve("big_deal_share", List.of(), Map.of("min", "5000")).formula())
        .isEqualTo(new Text("won deals of at least 5000 ÷ won deals", "vunna affärer på minst 5000 ÷ vunna affärer"));
    assertThat(c.resolve("big_deal_share", List.of(), Map.of()).formula().en()).isEqualTo("won deals of at least 10000 ÷ won deals");
  }

  @Test
  void mistakesAreReportedWithFileAndLine() throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, String.join("\n",
        "kpis:",                                             // 1
        "  - id: broken_one",                                // 2
        "    name: {en: Broken, sv: Trasig}",                // 3
        "    unit: ratio",                                   // 4
        "    direction: sideways",                           // 5
        "    description: {en: x, sv: x}",                   // 6
        "    formula: {en: x}",                              // 7
        "    fact: deals",                                   // 8
        "    anchor: closed_at",                             // 9
        "    terms:",                                        // 10
        "      a: {agg: count, filter: \"status = \"}",      // 11
        "      b: {agg: average, expr: amount}",             // 12
        "      c: {agg: sum, expr: no_such_column}",         // 13
        "    value: a / b",                                  // 14
        "    guidance:",                                     // 15
        "      why: {en: x, sv: x}",                         // 16
        "      pitfalls: {en: x, sv: x}",                    // 17
        "      read_with: [nothing_like_it]",                // 18
        "      read_with_why: {en: x, sv: x}",               // 19
        "      remedies: {en: x, sv: x}",                    // 20
        "    params:",                                       // 21
        "      days: {type: integer, default: 2.5}",         // 22
        "      share: {type: number, default: half}",        // 23
        "      rate: {type: number}",                        // 24
        "      cap: {type: number, default: 2d}",            // 25
        ""));
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .satisfies(e -> {
          List<String> lines = ((CatalogException) e).problems().stream().map(Problem::toString).toList();
          String f = file.toString();
          assertThat(lines).contains(
              f + ":5: KPI broken_one direction 'sideways' is not one of higher, lower, neutral",
              f + ":7: KPI broken_one formula has no Swedish text (sv)",
              f + ":11: term a of broken_one filter: unexpected end of expression (at character 10 of \"status = \")",
              f + ":12: term b of broken_one: agg 'average' is not one of avg, count, count_distinct, max, median, min, percentile, sum",
              f + ":22: default of param days of broken_one must be a whole number, not '2.5'",
              f + ":23: default of param share of broken_one must be a number, not 'half'",
              f + ":24: param rate of broken_one needs a description (en and sv)",
              f + ":25: default of param cap of broken_one must be a number, not '2d'");
        });
    Files.writeString(file, Files.readString(file).replace("sideways", "higher").replace("formula: {en: x}", "formula: {en: x, sv: x}")
        .replace("status = \"", "status = 'won'\"").replace("agg: average", "agg: avg").replace("default: 2.5", "default: 3")
        .replace("default: half", "default: 0.5")
        .replace("{type: number}", "{type: number, description: {en: x, sv: x}}").replace("default: 3}", "default: 3, description: {en: x, sv: x}}")
        .replace("default: 0.5}", "default: 0.5, description: {en: x, sv: x}}")
        .replace("default: 2d}", "default: 10000, description: {en: x, sv: x}}"));
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(file + ":13: KPI broken_one term c: 'no_such_column' is not known in fact deals")
        .hasMessageContaining(file + ":18: KPI broken_one: guidance read_with names unknown KPI nothing_like_it");
  }

  static String userKpi(String id, String extra) {
    return String.join("\n",
        "kpis:",
        "  - id: " + id,
        "    name: {en: Mine, sv: Min}",
        "    unit: ratio",
        "    description: {en: x, sv: x}",
        "    formula: {en: x, sv: x}",
        extra,
        "    guidance:",
        "      why: {en: x, sv: x}",
        "      pitfalls: {en: x, sv: x}",
        "      read_with: [win_rate]",
        "      read_with_why: {en: x, sv: x}",
        "      remedies: {en: x, sv: x}",
        "");
  }

  @Test
  void aMistakeInAVariantPointsAtTheVariant() throws IOException {
    Path file = dir.resolve("variant.yaml");
    Files.writeString(file, userKpi("odd_one", String.join("\n",
        "    direction: higher",                                    // 7
        "    fact: deals",                                          // 8
        "    anchor: closed_at",                                    // 9
        "    terms:",                                               // 10
        "      won: {agg: count, filter: \"status = 'won'\"}",      // 11
        "      all: {agg: count}",                                  // 12
        "    numerator: won",                                       // 13
        "    denominator: all",                                     // 14
        "    variants:",                                            // 15
        "      typo:",                                              // 16
        "        label: {en: Typo, sv: Stavfel}",                   // 17
        "        terms:",                                           // 18
        "          won: {agg: count, filter: \"no_such = 1\"}",     // 19
        "      other_agg:",                                         // 20
        "        label: {en: Other, sv: Annan}",                    // 21
        "        ci: quantile")));                                  // 22
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .satisfies(e -> {
          List<String> lines = ((CatalogException) e).problems().stream().map(Problem::toString).toList();
          assertThat(lines).anyMatch(l -> l.startsWith(file + ":19: KPI odd_one variant typo term won: 'no_such' is not known"))
              .anyMatch(l -> l.startsWith(file + ":21: KPI odd_one variant other_agg: ci quantile"));
          assertThat(lines).noneMatch(l -> l.startsWith(file + ":2:"));
        });
  }

  @Test
  void mistakesThatWouldGiveOtherNumbersThanMeantAreReported() throws IOException {
    String terms = String.join("\n",
        "    fact: deals",
        "    anchor: closed_at",
        "    terms:",
        "      won: {agg: count, filter: \"status = 'won'\"}",
        "      closed: {agg: count, filter: \"status in ('won', 'lost')\"}",
        "    numerator: won",
        "    denominator: closed",
        "    variants:",
        "      by_value:",
        "        label: {en: by value, sv: efter värde}",
        "        terms:",
        "          wonn: {agg: sum, expr: amount, filter: \"status = 'won'\"}",
        "          closed_: {agg: sum, expr: amount, filter: \"status in ('won', 'lost')\"}");
    Files.writeString(dir.resolve("a.yaml"), userKpi("my_win_rate", terms));
    // A copy of a.yaml that kept its id.
    Files.writeString(dir.resolve("b.yaml"), userKpi("my_win_rate", terms));
    Files.writeString(dir.resolve("c.yaml"), userKpi("my_ratio", String.join("\n",
        "    components:",
        "      wr: {kpi: win_rate, variant: by_valeu}",
        "      big: {kpi: average_deal_size, params: {min: 5000}}",
        "    value: wr / big")));
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(dir.resolve("b.yaml") + ":2: KPI my_win_rate is defined again (first at " + dir.resolve("a.yaml") + ":2)")
        .hasMessageContaining("KPI my_ratio: component big: unknown key 'params'");
    Files.delete(dir.resolve("b.yaml"));
    // Two user files may both overlay a built-in KPI.
    Files.writeString(dir.resolve("d.yaml"), "kpis:\n  - id: cac\n    params:\n      categories: {default: [marketing]}\n");
    Files.writeString(dir.resolve("e.yaml"), "kpis:\n  - id: cac\n    direction: lower\n");
    Files.writeString(dir.resolve("c.yaml"), Files.readString(dir.resolve("c.yaml")).replace(", params: {min: 5000}", ""));
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("KPI my_win_rate: term wonn (in variant by_value) is read by neither a numerator, a denominator, a value nor a base")
        .hasMessageContaining("KPI my_ratio: component wr: win_rate has no variant 'by_valeu'")
        .hasMessageNotContaining("cac");
  }

  @Test
  void aKpiReadingALookupWithParametersMustDeclareThem() throws IOException {
    Path file = dir.resolve("ramp.yaml");
    String kpi = String.join("\n",
        "kpis:",
        "  - id: quota_ramp",
        "    name: {en: Quota ramp, sv: Kvotstart}",
        "    unit: days",
        "    direction: lower",
        "    description: {en: x, sv: x}",
        "    formula: {en: x, sv: x}",
        "    fact: reps",
        "    anchor: started_at",
        "%s",
        "    terms:",
        "      ramp: {agg: avg, expr: \"days_between(started_at, first_quota_month_end)\"}",  // line 12 without params
        "    value: ramp",
        "    ci: mean",
        "    guidance:",
        "      why: {en: x, sv: x}",
        "      pitfalls: {en: x, sv: x}",
        "      read_with: [win_rate]",
        "      read_with_why: {en: x, sv: x}",
        "      remedies: {en: x, sv: x}",
        "");
    Files.writeString(file, kpi.formatted("    group: extra"));
    assertThatThrownBy(() -> Catalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(file + ":12: KPI quota_ramp term ramp: reads a lookup that needs parameter(s) [$quota_percent], which the KPI does"
            + " not declare");
    Files.writeString(file, kpi.formatted("    group: extra\n    params:\n      quota_percent: {type: integer, default: 80, description: {en: x, sv: x}}"));
    assertThat(Catalog.load(dir).resolve("quota_ramp", List.of(), Map.of()).paramValues()).containsEntry("quota_percent", 80L);
  }

  @Test
  void variantsAndParametersAreCheckedWhenResolved() {
    Catalog c = Catalog.builtin();
    assertThatThrownBy(() -> c.resolve("win_rate", List.of("fastest"), Map.of())).isInstanceOf(QueryException.class)
        .hasMessage("KPI win_rate has no variant 'fastest'; its variants are: default, by_value, all_created, with_overdue");
    assertThatThrownBy(() -> c.resolve("cac", List.of(), Map.of("categories", "marketing,parties"))).isInstanceOf(QueryException.class)
        .hasMessage("parameter categories of cac does not allow 'parties'; allowed: marketing, sales, tools");
    assertThatThrownBy(() -> c.resolve("cac", List.of("marketing_only", "all_costs"), Map.of())).isInstanceOf(QueryException.class)
        .hasMessageContaining("both change params.categories.default");
    assertThatThrownBy(() -> c.resolve("lead_conversion_rate", List.of(), Map.of("window_days", "soon"))).isInstanceOf(QueryException.class)
        .hasMessage("parameter window_days of lead_conversion_rate must be a whole number, got 'soon'");
    Kpi combined = c.resolve("sales_cycle_days", List.of("p75", "start_deal_created"), Map.of());
    assertThat(combined.terms().get("cycle").agg()).isEqualTo("percentile");
    assertThat(combined.variantLabel()).isEqualTo("p75+start_deal_created");
  }

  @Test
  void dimensionsAvailablePerKpi() {
    Catalog c = Catalog.builtin();
    assertThat(c.dimensionsOf("win_rate")).contains("rep", "team", "region", "product", "channel", "segment", "pipeline", "stage");
    assertThat(c.dimensionsOf("cac")).containsExactlyInAnyOrder("channel", "region");
    assertThat(c.dimensionsOf("sales_velocity")).contains("rep", "team").doesNotContain("lost_reason");
  }

  @Test
  void requestsGiveEachKpiTheVariantsAndParametersThatApplyToIt() {
    Catalog c = Catalog.builtin();
    List<String> ids = List.of("win_rate", "cac");
    List<io.kompass.engine.query.KpiRequest> r =
        c.requests(ids, List.of("by_value", "cac:marketing_only", "default"), List.of("categories=marketing,tools"), "--");
    assertThat(r).extracting(io.kompass.engine.query.KpiRequest::variants).containsExactly(List.of("by_value"), List.of("marketing_only"));
    assertThat(r.get(0).params()).isEmpty();
    assertThat(r.get(1).params()).containsExactly(Map.entry("categories", "marketing,tools"));
    assertThat(c.requests(ids, List.of("win_rate:default"), List.of(), "").get(0).variants()).isEmpty();

    assertThatThrownBy(() -> c.requests(ids, List.of("mean"), List.of(), "--")).isInstanceOf(QueryException.class)
        .hasMessage("--variant mean: none of the KPIs asked for has it; win_rate has by_value, all_created, with_overdue;"
            + " cac has marketing_only, all_costs");
    assertThatThrownBy(() -> c.requests(ids, List.of("nps:default"), List.of(), "")).hasMessage("variant nps:default: nps is not among the KPIs asked for");
    assertThatThrownBy(() -> c.requests(ids, List.of(), List.of("types"), "")).hasMessage("param types: write name=value or kpi:name=value");
    assertThatThrownBy(() -> c.requests(ids, List.of(), List.of("types=call"), "--"))
        .hasMessage("--param types=call: none of the KPIs asked for has a parameter types");
  }
}

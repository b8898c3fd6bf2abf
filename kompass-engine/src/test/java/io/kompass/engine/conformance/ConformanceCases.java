package io.kompass.engine.conformance;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cases every engine must answer identically: every KPI and variant, every grain (fiscal years
 * too), grouped and not, filtered, with each-row and fixed-date currency conversion.
 */
public final class ConformanceCases {

  public record Case(String name, KpiQuery query) {}

  private ConformanceCases() {}

  /** Cases for a dataset spanning [from, to]. */
  public static List<Case> all(Catalog catalog, LocalDate from, LocalDate to) {
    List<Case> out = new ArrayList<>();
    Calendar monthly = new Calendar(Grain.MONTH, 1);
    for (Kpi k : catalog.kpis()) {
      out.add(new Case(k.id(), q(List.of(KpiRequest.of(k.id())), from, to, monthly, List.of(), null, null)));
      for (String v : k.variants().keySet()) {
        out.add(new Case(k.id() + ":" + v, q(List.of(new KpiRequest(k.id(), List.of(v), Map.of())), from, to, monthly, List.of(), null, null)));
      }
    }
    List<KpiRequest> mix = List.of(KpiRequest.of("win_rate"), KpiRequest.of("revenue"), KpiRequest.of("sales_cycle_days"),
        KpiRequest.of("pipeline_density"), KpiRequest.of("average_deal_size"));
    for (Grain g : Grain.values()) {
      out.add(new Case("grain " + g.id(), q(mix, g == Grain.DAY ? to.minusDays(40) : from, to, new Calendar(g, 1), List.of(), null, null)));
    }
    out.add(new Case("fiscal quarters from July", q(mix, from, to, new Calendar(Grain.QUARTER, 7), List.of(), null, null)));
    out.add(new Case("fiscal years from April", q(mix, from, to, new Calendar(Grain.YEAR, 4), List.of(), null, null)));
    for (String dim : List.of("rep", "team", "region", "product", "segment", "stage")) {
      out.add(new Case("by " + dim, q(mix, from, to, new Calendar(Grain.QUARTER, 1), List.of(dim), null, null)));
    }
    out.add(new Case("by team and channel, filtered", q(List.of(KpiRequest.of("win_rate"), KpiRequest.of("lead_conversion_rate"),
        KpiRequest.of("contacts_per_close")), from, to, monthly, List.of("team", "channel"), "region != 'nowhere' and channel is not null", null)));
    out.add(new Case("cac by channel", q(List.of(new KpiRequest("cac", List.of("marketing_only"), Map.of())), from, to, new Calendar(Grain.QUARTER, 1),
        List.of("channel"), null, null)));
    out.add(new Case("fixed conversion date", q(List.of(KpiRequest.of("revenue"), KpiRequest.of("average_deal_size"),
        new KpiRequest("pipeline_density", List.of("value"), Map.of())), from, to, monthly, List.of(), null, from.plusDays(14))));
    out.add(new Case("parameters", q(List.of(new KpiRequest("lead_conversion_rate", List.of(), Map.of("window_days", "60")),
        new KpiRequest("contacts_per_close", List.of(), Map.of("types", "call,meeting")), new KpiRequest("csat", List.of(), Map.of("top_boxes", "1"))),
        from, to, monthly, List.of(), null, null)));
    return out;
  }

  private static KpiQuery q(List<KpiRequest> kpis, LocalDate from, LocalDate to, Calendar cal, List<String> by, String filter, LocalDate fx) {
    return new KpiQuery(kpis, from, to, cal, by, filter == null ? null : ExprParser.parse(filter), 30, fx);
  }

  /**
   * Differences between two results of the same query (values, numerators, denominators, n,
   * intervals, coverage), numbers compared to a relative 1e-9; empty when they agree.
   */
  public static List<String> differences(KpiResult expected, KpiResult actual) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < expected.kpis().size(); k++) {
      KpiSeries e = expected.kpis().get(k);
      KpiSeries a = actual.kpis().get(k);
      if (e.cells().size() != a.cells().size()) {
        out.add(e.id() + ": " + e.cells().size() + " cells vs " + a.cells().size());
        continue;
      }
      for (int i = 0; i < e.cells().size(); i++) {
        Cell x = e.cells().get(i);
        Cell y = a.cells().get(i);
        String where = e.id() + " " + x.period().start() + " " + x.group();
        if (!x.period().equals(y.period()) || !x.group().equals(y.group())) {
          out.add(where + ": row is " + y.period().start() + " " + y.group());
          continue;
        }
        compare(out, where + " value", x.value(), y.value());
        compare(out, where + " numerator", x.numerator(), y.numerator());
        compare(out, where + " denominator", x.denominator(), y.denominator());
        compare(out, where + " ci_low", x.ciLow(), y.ciLow());
        compare(out, where + " ci_high", x.ciHigh(), y.ciHigh());
        if (x.n() != y.n() || x.excluded() != y.excluded() || x.converted() != y.converted() || x.lowVolume() != y.lowVolume()) {
          out.add(where + ": n/excluded/converted " + x.n() + "/" + x.excluded() + "/" + x.converted() + " vs " + y.n() + "/" + y.excluded() + "/"
              + y.converted());
        }
      }
    }
    return out;
  }

  private static void compare(List<String> out, String what, Double x, Double y) {
    if (x == null || y == null) {
      if (x != y) {
        out.add(what + ": " + x + " vs " + y);
      }
      return;
    }
    if (Math.abs(x - y) > 1e-9 * Math.max(1.0, Math.abs(x))) {
      out.add(what + ": " + x + " vs " + y);
    }
  }
}

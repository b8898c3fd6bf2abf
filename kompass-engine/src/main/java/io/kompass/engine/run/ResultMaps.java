package io.kompass.engine.run;

import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.compare.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of KPI results, comparisons and definitions (docs/json.md), built as ordered maps
 * so that field order and names (snake_case) are part of the contract. Every output (CLI, REST API,
 * the Spark job) serialises these maps with its own JSON library. Bump {@link #RESULT_SCHEMA} when a
 * field changes meaning or disappears; adding fields keeps it.
 */
public final class ResultMaps {

  public static final String RESULT_SCHEMA = "kompass.kpi-result/1";
  public static final String COMPARISON_SCHEMA = "kompass.kpi-comparison/1";
  public static final String CATALOG_SCHEMA = "kompass.kpi-catalog/1";

  private ResultMaps() {}

  public static Map<String, Object> result(KpiResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", RESULT_SCHEMA);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("from", r.query().from().toString());
    q.put("to", r.query().to().toString());
    q.put("grain", r.query().grain().id());
    q.put("fiscal_year_start_month", r.query().calendar().fiscalStartMonth());
    q.put("group_by", r.dimensions());
    q.put("filter", r.query().filter() == null ? null : io.kompass.engine.expr.ExprPrinter.print(r.query().filter()));
    q.put("min_n", r.query().minN());
    q.put("fx_date", r.query().fxDate() == null ? null : r.query().fxDate().toString());
    out.put("query", q);
    out.put("currency", r.currency());
    out.put("conversion", r.conversion());
    List<Object> kpis = new ArrayList<>();
    for (KpiSeries s : r.kpis()) {
      Map<String, Object> k = series(s);
      List<Object> cells = new ArrayList<>();
      for (Cell c : s.cells()) {
        cells.add(cell(c));
      }
      k.put("cells", cells);
      kpis.add(k);
    }
    out.put("kpis", kpis);
    out.put("took_ms", r.took().toMillis());
    out.put("source", r.source());
    return out;
  }

  public static Map<String, Object> series(KpiSeries s) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("id", s.id());
    k.put("name", text(s.name()));
    k.put("variant", s.variant());
    k.put("formula", text(s.formula()));
    k.put("unit", lower(s.unit()));
    k.put("direction", lower(s.direction()));
    k.put("ci_method", lower(s.ci()));
    k.put("anchor", s.anchor());
    k.put("params", s.params());
    k.put("settles_after_days", s.settlesAfterDays());
    k.put("accrues", s.accrues());
    return k;
  }

  public static Map<String, Object> cell(Cell c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("period_start", c.period().start().toString());
    m.put("period_end", c.period().last().toString());
    m.put("group", c.group());
    m.put("value", c.value());
    m.put("numerator", c.numerator());
    m.put("denominator", c.denominator());
    m.put("n", c.n());
    m.put("ci_low", c.ciLow());
    m.put("ci_high", c.ciHigh());
    m.put("low_volume", c.lowVolume());
    Map<String, Object> cov = new LinkedHashMap<>();
    cov.put("included", c.included());
    cov.put("excluded", c.excluded());
    cov.put("share", c.coverage());
    m.put("coverage", cov);
    m.put("converted_rows", c.converted());
    m.put("terms", c.terms());
    return m;
  }

  public static Map<String, Object> comparison(Comparison cmp) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", COMPARISON_SCHEMA);
    out.put("before", Map.of("from", cmp.beforeFrom().toString(), "to", cmp.beforeTo().toString()));
    out.put("after", Map.of("from", cmp.afterFrom().toString(), "to", cmp.afterTo().toString()));
    out.put("alpha", cmp.alpha());
    List<Object> rows = new ArrayList<>();
    for (Comparison.Row r : cmp.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.kpi());
      m.put("name", text(r.name()));
      m.put("variant", r.variant());
      m.put("unit", lower(r.unit()));
      m.put("direction", lower(r.direction()));
      m.put("before", cell(r.before()));
      m.put("after", cell(r.after()));
      m.put("absolute_change", r.absoluteChange());
      m.put("relative_change", r.relativeChange());
      m.put("effect", lower(r.effect()));
      m.put("test", r.test());
      m.put("p_value", r.pValue());
      m.put("significant", r.significant());
      m.put("note", r.note());
      rows.add(m);
    }
    out.put("kpis", rows);
    return out;
  }

  public static Map<String, Object> definition(Kpi k, List<String> dimensions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("name", text(k.name()));
    m.put("group", k.group());
    m.put("unit", lower(k.unit()));
    m.put("direction", lower(k.direction()));
    m.put("description", text(k.description()));
    m.put("formula", text(k.formula()));
    m.put("ci_method", lower(k.ci()));
    m.put("settles_after_days", k.settlesAfterDays());
    m.put("accrues", k.accrues());
    m.put("dimensions", dimensions);
    List<Object> variants = new ArrayList<>();
    for (Kpi.Variant v : k.variants().values()) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("id", v.id());
      vm.put("label", text(v.label()));
      vm.put("formula", text(v.formula()));
      variants.add(vm);
    }
    m.put("variants", variants);
    Map<String, Object> params = new LinkedHashMap<>();
    for (Kpi.Param p : k.params().values()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("type", p.type());
      pm.put("default", p.defaultValue());
      pm.put("allowed", p.allowed());
      pm.put("description", text(p.description()));
      params.put(p.name(), pm);
    }
    m.put("params", params);
    Kpi.Guidance g = k.guidance();
    Map<String, Object> gm = new LinkedHashMap<>();
    gm.put("why", text(g.why()));
    gm.put("pitfalls", text(g.pitfalls()));
    gm.put("read_with", g.readWith());
    gm.put("read_with_why", text(g.readWithWhy()));
    gm.put("remedies", text(g.remedies()));
    m.put("guidance", gm);
    return m;
  }

  public static Map<String, String> text(Text t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", t.en());
    m.put("sv", t.sv());
    return m;
  }

  public static String lower(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }
}

package io.kompass.app.kpi;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.expr.ExprException;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that make a KPI query, shared by kpi, explain and compare. */
public class QueryOptions {

  @Option(names = "--from", paramLabel = "<date>", description = "First day (YYYY-MM-DD). Default: the start of the month 11 months ago.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "<date>", description = "Last day (YYYY-MM-DD). Default: today.")
  LocalDate to;

  @Option(names = "--grain", paramLabel = "<grain>", defaultValue = "month",
      description = "day, week (ISO), month, quarter, year or total. Default: ${DEFAULT-VALUE}.")
  String grain;

  @Option(names = "--fiscal-start", paramLabel = "<month>", defaultValue = "1",
      description = "Month (1-12) in which quarters and years start. Default: ${DEFAULT-VALUE}.")
  int fiscalStart;

  @Option(names = "--by", paramLabel = "<dimension>", split = ",",
      description = "Break down by dimensions: rep, team, region, product, channel, segment, industry, pipeline, stage, currency, ...")
  List<String> by = new ArrayList<>();

  @Option(names = "--where", paramLabel = "<condition>",
      description = "Filter on dimensions, e.g. \"team = 'Nordics' and channel in ('web', 'referral')\".")
  String where;

  @Option(names = "--variant", paramLabel = "<kpi:variant>",
      description = "A variant: 'by_value' (for every KPI that has it) or 'win_rate:by_value'; combine with +: 'sales_cycle_days:mean+all_closed'.")
  List<String> variants = new ArrayList<>();

  @Option(names = "--param", paramLabel = "<kpi:name=value>",
      description = "A parameter: 'window_days=90' (for every KPI that has it) or 'cac:categories=marketing,sales'.")
  List<String> params = new ArrayList<>();

  @Option(names = "--min-n", paramLabel = "<n>", defaultValue = "30", description = "Flag values resting on fewer rows as low volume. Default: ${DEFAULT-VALUE}.")
  int minN;

  @Option(names = "--fx-date", paramLabel = "<date>", description = "Convert money at the rates of this day instead of each row's date.")
  LocalDate fxDate;

  LocalDate from(LocalDate today) {
    return from != null ? from : (to != null ? to : today).minusMonths(11).withDayOfMonth(1);
  }

  LocalDate to(LocalDate today) {
    return to != null ? to : today;
  }

  Calendar calendar() {
    return new Calendar(Grain.parse(grain), fiscalStart);
  }

  Expr filter() {
    if (where == null || where.isBlank()) {
      return null;
    }
    try {
      return ExprParser.parse(where);
    } catch (ExprException e) {
      throw new QueryException("--where: " + e.getMessage() + " (at character " + (e.position() + 1) + " of \"" + where + "\")");
    }
  }

  KpiQuery query(Catalog catalog, List<String> ids, LocalDate today) {
    return new KpiQuery(requests(catalog, ids), from(today), to(today), calendar(), by, filter(), minN, fxDate);
  }

  /** The requested KPIs with the variants and parameters that apply to each. */
  List<KpiRequest> requests(Catalog catalog, List<String> ids) {
    if (ids.isEmpty()) {
      throw new QueryException("name at least one KPI; 'kompass kpi list' shows them");
    }
    Map<String, List<String>> variantsFor = new LinkedHashMap<>();
    Map<String, Map<String, String>> paramsFor = new LinkedHashMap<>();
    for (String id : ids) {
      catalog.kpi(id);
      variantsFor.put(id, new ArrayList<>());
      paramsFor.put(id, new LinkedHashMap<>());
    }
    for (String v : variants) {
      String target = v.contains(":") ? v.substring(0, v.indexOf(':')) : null;
      List<String> names = List.of((v.contains(":") ? v.substring(v.indexOf(':') + 1) : v).split("\\+"));
      boolean used = false;
      for (String id : ids) {
        Kpi k = catalog.kpi(id);
        if (target != null ? target.equals(id) : k.variants().keySet().containsAll(names)) {
          variantsFor.get(id).addAll(names);
          used = true;
        }
      }
      if (!used) {
        throw new QueryException("--variant " + v + ": " + (target != null ? target + " is not among the KPIs asked for"
            : "none of the KPIs asked for has it; " + catalog.describeVariants(ids)));
      }
    }
    for (String p : params) {
      String target = null;
      String rest = p;
      int colon = p.indexOf(':');
      int eq = p.indexOf('=');
      if (colon >= 0 && colon < eq) {
        target = p.substring(0, colon);
        rest = p.substring(colon + 1);
      }
      eq = rest.indexOf('=');
      if (eq <= 0) {
        throw new QueryException("--param " + p + ": write name=value or kpi:name=value");
      }
      String name = rest.substring(0, eq);
      String value = rest.substring(eq + 1);
      boolean used = false;
      for (String id : ids) {
        if (target != null ? target.equals(id) : catalog.kpi(id).params().containsKey(name)) {
          paramsFor.get(id).put(name, value);
          used = true;
        }
      }
      if (!used) {
        throw new QueryException("--param " + p + ": " + (target != null ? target + " is not among the KPIs asked for" : "none of the KPIs asked for has a parameter " + name));
      }
    }
    List<KpiRequest> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new KpiRequest(id, variantsFor.get(id), paramsFor.get(id)));
    }
    return out;
  }
}

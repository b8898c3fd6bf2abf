package io.kompass.app.kpi;

import io.kompass.engine.catalog.Catalog;
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
import java.util.List;
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

  @Option(names = "--fiscal-start", paramLabel = "<month>",
      description = "Month (1-12) in which quarters and years start. Default: the workspace's fiscal year (set on the overview), else 1.")
  Integer fiscalStart;

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

  /** The calendar asked for; quarters and years start in {@code workspaceFiscalStart} unless --fiscal-start says otherwise. */
  Calendar calendar(int workspaceFiscalStart) {
    return new Calendar(Grain.parse(grain), fiscalStart != null ? fiscalStart : workspaceFiscalStart);
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

  KpiQuery query(Catalog catalog, List<String> ids, LocalDate today, int workspaceFiscalStart) {
    return new KpiQuery(requests(catalog, ids), from(today), to(today), calendar(workspaceFiscalStart), by, filter(), minN, fxDate);
  }

  /** The requested KPIs with the variants and parameters that apply to each. */
  List<KpiRequest> requests(Catalog catalog, List<String> ids) {
    if (ids.isEmpty()) {
      throw new QueryException("name at least one KPI; 'kompass kpi list' shows them");
    }
    return catalog.requests(ids, variants, params, "--");
  }
}

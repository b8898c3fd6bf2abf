package io.kompass.app.api;

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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of the API, named and read as the command line's options are
 * ({@code kompass kpi --help}): kpi, from, to, grain, fiscal-start, by, where, variant, param,
 * min-n, fx-date. Lists may repeat a parameter or separate values with commas (kpi, by).
 */
final class ApiQuery {

  private ApiQuery() {}

  static List<String> list(List<String> values) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
    }
    return out;
  }

  static LocalDate date(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new QueryException(name + " must be a date like 2025-06-30, got '" + value + "'");
    }
  }

  static Expr filter(String where) {
    if (where == null || where.isBlank()) {
      return null;
    }
    try {
      return ExprParser.parse(where);
    } catch (ExprException e) {
      throw new QueryException("where: " + e.getMessage() + " (at character " + (e.position() + 1) + " of \"" + where + "\")");
    }
  }

  static int integer(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new QueryException(name + " must be a whole number, got '" + value + "'");
    }
  }

  static KpiQuery query(Catalog catalog, List<String> kpis, String from, String to, String grain, String fiscalStart, List<String> by,
      String where, List<String> variants, List<String> params, String minN, String fxDate, LocalDate today) {
    LocalDate last = date("to", to, today);
    LocalDate first = date("from", from, last.minusMonths(11).withDayOfMonth(1));
    Calendar calendar = new Calendar(grain == null || grain.isBlank() ? Grain.MONTH : Grain.parse(grain), integer("fiscal-start", fiscalStart, 1));
    return new KpiQuery(requests(catalog, list(kpis), variants, params), first, last, calendar, list(by), filter(where),
        integer("min-n", minN, KpiQuery.DEFAULT_MIN_N), date("fx-date", fxDate, null));
  }

  /** The KPIs with the variants ('by_value' or 'win_rate:by_value') and parameters ('kpi:name=value' or 'name=value') for each. */
  static List<KpiRequest> requests(Catalog catalog, List<String> ids, List<String> variants, List<String> params) {
    if (ids.isEmpty()) {
      throw new QueryException("name at least one KPI with kpi=<id>; GET /api/v1/catalog lists them");
    }
    Map<String, List<String>> variantsFor = new LinkedHashMap<>();
    Map<String, Map<String, String>> paramsFor = new LinkedHashMap<>();
    for (String id : ids) {
      catalog.kpi(id);
      variantsFor.put(id, new ArrayList<>());
      paramsFor.put(id, new LinkedHashMap<>());
    }
    for (String v : variants == null ? List.<String>of() : variants) {
      String target = v.contains(":") ? v.substring(0, v.indexOf(':')) : null;
      List<String> names = List.of((v.contains(":") ? v.substring(v.indexOf(':') + 1) : v).split("\\+"));
      boolean used = false;
      for (String id : ids) {
        Kpi k = catalog.kpi(id);
        if (target != null ? target.equals(id) : k.variants().keySet().containsAll(names)) {
          variantsFor.get(id).addAll(names.stream().filter(n -> !n.equals("default")).toList());
          used = true;
        }
      }
      if (!used && !names.equals(List.of("default"))) {
        throw new QueryException("variant " + v + ": " + (target != null ? target + " is not among the KPIs asked for"
            : "none of the KPIs asked for has it; " + catalog.describeVariants(ids)));
      }
    }
    for (String p : params == null ? List.<String>of() : params) {
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
        throw new QueryException("param " + p + ": write name=value or kpi:name=value");
      }
      String name = rest.substring(0, eq);
      boolean used = false;
      for (String id : ids) {
        if (target != null ? target.equals(id) : catalog.kpi(id).params().containsKey(name)) {
          paramsFor.get(id).put(name, rest.substring(eq + 1));
          used = true;
        }
      }
      if (!used) {
        throw new QueryException("param " + p + ": " + (target != null ? target + " is not among the KPIs asked for" : "none of the KPIs asked for has a parameter " + name));
      }
    }
    List<KpiRequest> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new KpiRequest(id, variantsFor.get(id), paramsFor.get(id)));
    }
    return out;
  }

  /** A range "2025-01-01..2025-03-31". */
  static LocalDate[] range(String name, String text) {
    String[] parts = text == null ? new String[0] : text.split("\\.\\.");
    if (parts.length == 2) {
      return new LocalDate[] {date(name, parts[0], null), date(name, parts[1], null)};
    }
    throw new QueryException(name + " must be a date range like 2025-01-01..2025-03-31, got '" + text + "'");
  }
}

package io.kompass.app.api;

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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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
      String where, List<String> variants, List<String> params, String minN, String fxDate, LocalDate today, int fiscalStartDefault) {
    LocalDate last = date("to", to, today);
    LocalDate first = date("from", from, last.minusMonths(11).withDayOfMonth(1));
    Calendar calendar = new Calendar(grain == null || grain.isBlank() ? Grain.MONTH : Grain.parse(grain),
        integer("fiscal-start", fiscalStart, fiscalStartDefault));
    return new KpiQuery(requests(catalog, list(kpis), variants, params), first, last, calendar, list(by), filter(where),
        integer("min-n", minN, KpiQuery.DEFAULT_MIN_N), date("fx-date", fxDate, null));
  }

  /** The KPIs with their variants and parameters ({@link Catalog#requests}). */
  static List<KpiRequest> requests(Catalog catalog, List<String> ids, List<String> variants, List<String> params) {
    if (ids.isEmpty()) {
      throw new QueryException("name at least one KPI with kpi=<id>; GET /api/v1/catalog lists them");
    }
    return catalog.requests(ids, variants == null ? List.of() : variants, params == null ? List.of() : params, "");
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

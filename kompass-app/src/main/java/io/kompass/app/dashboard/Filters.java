package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.QueryPolicy;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a dashboard as the URL holds it: {@code from}, {@code to}, {@code grain} and the
 * dimension filters {@code team}, {@code region}, {@code product}, {@code channel}. Missing values
 * take defaults (the last {@link #periodsShown} periods up to today, by month), so every view can
 * be shared or bookmarked as its address.
 *
 * @param upToToday whether the range ends today: its links leave the end out, so that they keep following today
 * @param fromDefault whether the range starts where it does by default for its end: its links leave the start out
 */
public record Filters(LocalDate from, LocalDate to, Grain grain, Map<String, String> dimensions, int fiscalStart, boolean upToToday,
    boolean fromDefault) {

  /** The dimensions the filter bar offers, in its order. */
  public static final List<String> DIMENSIONS = List.of("team", "region", "product", "channel");

  /** The grains the filter bar offers. */
  public static final List<Grain> GRAINS = List.of(Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR);

  /** The grains, the ones a team most often looks at first. */
  static final List<Grain> GRAINS_BY_USE = List.of(Grain.MONTH, Grain.QUARTER, Grain.WEEK, Grain.YEAR);

  public Filters {
    dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    if (to.isBefore(from)) {
      throw new QueryException("the period ends (" + to + ") before it starts (" + from + ")", "range_reversed", to.toString(), from.toString());
    }
  }

  /** How many periods a dashboard shows by default for a grain. */
  static int periodsShown(Grain grain) {
    return switch (grain) {
      case QUARTER -> 8;
      case YEAR -> 3;
      case WEEK, MONTH -> 12;
      default -> 12;
    };
  }

  /** The filters of a request, in the workspace's time zone and fiscal year. */
  static Filters of(HttpServletRequest request, Numbers numbers) {
    return of(request, Pages.today(numbers), numbers.fiscalStart());
  }

  /**
   * The filters of a request; {@code today} is in the workspace time zone, and quarters and years
   * start in the month {@code fiscalStart}.
   */
  static Filters of(HttpServletRequest request, LocalDate today, int fiscalStart) {
    Grain grain = Grain.MONTH;
    String g = request.getParameter("grain");
    if (g != null && !g.isBlank()) {
      grain = Grain.parse(g);
      if (!GRAINS.contains(grain)) {
        throw new QueryException("grain '" + g + "' is not one of week, month, quarter, year", "unknown_grain", g);
      }
    }
    LocalDate to = date(request, "to", today);
    LocalDate from = date(request, "from", firstShown(new Calendar(grain, fiscalStart), to));
    Map<String, String> dims = new LinkedHashMap<>();
    for (String d : DIMENSIONS) {
      String v = request.getParameter(d);
      if (v != null && !v.isBlank()) {
        dims.put(d, v.trim());
      }
    }
    return new Filters(from, to, grain, dims, fiscalStart, to.equals(today), from.equals(firstShown(new Calendar(grain, fiscalStart), to)));
  }

  /** The filters of a dashboard opened without parameters. */
  static Filters defaults(Numbers numbers) {
    return defaults(numbers, Grain.MONTH);
  }

  /** The filters of a dashboard opened with just a grain chosen. */
  static Filters defaults(Numbers numbers, Grain grain) {
    LocalDate today = Pages.today(numbers);
    int fiscalStart = numbers.fiscalStart();
    return new Filters(firstShown(new Calendar(grain, fiscalStart), today), today, grain, Map.of(), fiscalStart, true, true);
  }

  /** The first day of the periods shown by default: {@link #periodsShown} of them, the last one holding {@code to}. */
  private static LocalDate firstShown(Calendar calendar, LocalDate to) {
    LocalDate start = calendar.startOf(to);
    for (int i = 1; i < periodsShown(calendar.grain()); i++) {
      start = calendar.startOf(start.minusDays(1));
    }
    return start;
  }

  static LocalDate date(HttpServletRequest request, String name, LocalDate fallback) {
    String v = request.getParameter(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new QueryException(name + " must be a date like 2025-06-30, got '" + v + "'", "bad_date", v);
    }
  }

  public Calendar calendar() {
    return new Calendar(grain, fiscalStart);
  }

  /** The dimension filters as a KPI filter expression, or null for none. */
  public Expr filter() {
    Expr out = null;
    for (Map.Entry<String, String> e : dimensions.entrySet()) {
      Expr one = QueryPolicy.equalTo(e.getKey(), e.getValue());
      out = out == null ? one : new Expr.Binary("and", out, one);
    }
    return out;
  }

  /** The same filters with one more condition (e.g. rep = 'Anna Berg'). */
  public Expr filterAnd(Expr more) {
    Expr f = filter();
    return f == null ? more : more == null ? f : new Expr.Binary("and", f, more);
  }

  public String get(String dimension) {
    return dimensions.get(dimension);
  }

  /** A query over these filters for the given KPIs. */
  public KpiQuery query(List<KpiRequest> kpis, List<String> groupBy, Expr filter) {
    return new KpiQuery(kpis, from, to, calendar(), groupBy, filter, KpiQuery.DEFAULT_MIN_N, null);
  }

  /**
   * The dates a link to this view carries: an end that is today is left out, and so is a start that
   * is the default for the end, so that a link or bookmark keeps following today (values null, in
   * order, so that a replacement keeps its place).
   */
  public Map<String, String> dates() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("from", fromDefault ? null : from.toString());
    p.put("to", upToToday ? null : to.toString());
    return p;
  }

  /** The URL parameters of this state, with some replaced or added (a null value removes one). */
  public String query(String... replacements) {
    Map<String, String> p = new LinkedHashMap<>(dates());
    p.put("grain", grain.id());
    p.putAll(dimensions);
    for (int i = 0; i + 1 < replacements.length; i += 2) {
      if (replacements[i + 1] == null) {
        p.remove(replacements[i]);
      } else {
        p.put(replacements[i], replacements[i + 1]);
      }
    }
    List<String> parts = new ArrayList<>();
    p.forEach((k, v) -> {
      if (v != null) {
        parts.add(enc(k) + "=" + enc(v));
      }
    });
    return String.join("&", parts);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

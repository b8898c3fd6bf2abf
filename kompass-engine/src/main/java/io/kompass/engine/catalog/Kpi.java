package io.kompass.engine.catalog;

import io.kompass.engine.expr.Expr;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A KPI as declared (the default variant), or resolved with a variant and parameters applied.
 *
 * @param group core (the guide's seven), guide (also in the guide's tables) or extra
 * @param terms named aggregates the value is computed from
 * @param numerator expression over terms (ratios), or null
 * @param denominator expression over terms (ratios), or null
 * @param value expression over terms or components; for ratios numerator / denominator
 * @param base the term whose rows are the KPI's sample (n, coverage), or several joined by "+" when the denominator
 *     adds terms up (win rate counting overdue open deals: "closed + overdue")
 * @param components for derived KPIs: other KPIs, by alias, that the value is computed from
 * @param variant the applied variant names, empty for the default
 * @param settlesAfterDays for a cohort KPI, the days after a period's end until its value has settled; null otherwise
 * @param wholePeriods whether a period still running is not judged because the KPI's parts are booked at different
 *     times within a period: costs come as monthly totals while the customers they win keep coming in (CAC), so early in
 *     a month the value is far off what the month will show
 */
public record Kpi(
    String id,
    Text name,
    String group,
    Unit unit,
    Direction direction,
    Text description,
    Text formula,
    Map<String, Term> terms,
    Expr numerator,
    Expr denominator,
    Expr value,
    String base,
    CiMethod ci,
    Map<String, Component> components,
    Map<String, Variant> variants,
    Map<String, Param> params,
    Guidance guidance,
    List<String> variant,
    Map<String, Object> paramValues,
    Integer settlesAfterDays,
    boolean wholePeriods) {

  public Kpi {
    terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(terms));
    components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
    variants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variants));
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    variant = List.copyOf(variant);
    paramValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(paramValues));
  }

  public Kpi withFormula(Text newFormula) {
    return new Kpi(id, name, group, unit, direction, description, newFormula, terms, numerator, denominator, value, base, ci,
        components, variants, params, guidance, variant, paramValues, settlesAfterDays, wholePeriods);
  }

  /**
   * Whether the KPI follows a cohort (e.g. the leads created in a period, converting later), so that
   * a recent period's value keeps changing after the period ends. Declared in the catalog by
   * {@code settles_after_days}.
   */
  public boolean cohort() {
    return settlesAfterDays != null;
  }

  /**
   * Whether a period ending on {@code periodEnd} (exclusive) has settled by {@code today}: always
   * for a KPI that is not a cohort; for a cohort, once the period ended at least the KPI's {@code
   * window_days} parameter ago when that is set (outcomes after it do not count), else {@code
   * settles_after_days} ago. Until then, comparing the period with an older one compares cohorts of
   * different ages.
   */
  public boolean settled(LocalDate periodEnd, LocalDate today) {
    return settled(settlingDays(), periodEnd, today);
  }

  /** Whether a period ending on {@code periodEnd} has settled by {@code today}, given {@link #settlingDays}. */
  public static boolean settled(Long settlingDays, LocalDate periodEnd, LocalDate today) {
    return settlingDays == null || !periodEnd.plusDays(settlingDays).isAfter(today);
  }

  /**
   * For a cohort KPI, the days after a period's end until its value has settled: the {@code
   * window_days} parameter when it is set, else {@code settles_after_days}; null for other KPIs.
   */
  public Long settlingDays() {
    if (!cohort()) {
      return null;
    }
    return paramValues.get("window_days") instanceof Number window ? window.longValue() : settlesAfterDays.longValue();
  }

  /**
   * Whether the value keeps growing while its period runs, so that a period still running is not
   * comparable with a whole one: the value adds up the period's own events without dividing them by
   * other events of the same period. Revenue (a sum of the period's won deals) accrues; so does
   * retention (this period's buying customers over all of the previous period's). Rates and
   * averages within one period, medians, point-in-time counts and trailing windows do not. KPIs
   * built from other KPIs are not marked (their components are, on their own tiles).
   *
   * <p>Worked out from the terms: a sum, count, minimum or maximum of the period's own rows moves
   * with the share of the period that has passed, any other term does not, and the value moves
   * when, counting multiplied terms up and divided ones down, its moving terms do not cancel out.
   * Constants added or passed to functions ({@code nullif(closed, 0)}) change nothing; a value whose
   * parts move differently (this period's count minus a 12-month count) counts as moving.
   */
  public boolean accrues() {
    if (isDerived()) {
      return false;
    }
    Expr v = numerator != null && denominator != null ? new Expr.Binary("/", numerator, denominator) : value;
    Integer power = v == null ? Integer.valueOf(0) : growth(v);
    return power == null || power != 0;
  }

  /**
   * The power of the elapsed share of the period that {@code e} grows with (1 for a sum of the
   * period's rows, 0 for a ratio of two such sums), or null when its parts grow differently.
   */
  private Integer growth(Expr e) {
    if (e instanceof Expr.Ref r) {
      Term t = r.path().size() == 1 ? terms.get(r.path().get(0)) : null;
      boolean own = t != null && !t.pointInTime() && t.windowMonths() == null && t.shift() == 0;
      return own && GROWING.contains(t.agg()) ? 1 : 0;
    }
    if (e instanceof Expr.Unary u) {
      return growth(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      Integer left = growth(b.left());
      Integer right = growth(b.right());
      if (left == null || right == null) {
        return null;
      }
      return switch (b.op()) {
        case "*" -> left + right;
        case "/" -> left - right;
        // A constant added or subtracted does not change how the value grows.
        default -> constant(b.left()) ? right : constant(b.right()) ? left : left.equals(right) ? left : null;
      };
    }
    if (e instanceof Expr.Call c) {
      // nullif(x, 0), coalesce(x, 0), greatest(x, 1): the constants do not change how x grows.
      Integer common = null;
      for (Expr arg : c.args()) {
        if (constant(arg)) {
          continue;
        }
        Integer g = growth(arg);
        if (g == null || (common != null && !common.equals(g))) {
          return null;
        }
        common = g;
      }
      return common == null ? 0 : common;
    }
    return 0;
  }

  /** Aggregates whose value keeps moving as a period's rows come in: sums and counts grow, the extremes move apart. */
  private static final java.util.Set<String> GROWING = java.util.Set.of("count", "count_distinct", "sum", "min", "max");

  private static boolean constant(Expr e) {
    return e instanceof Expr.Literal || e instanceof Expr.Param || (e instanceof Expr.Unary u && constant(u.operand()));
  }

  public boolean isDerived() {
    return !components.isEmpty();
  }

  /** The variant label: "default" or the applied variants joined by "+". */
  public String variantLabel() {
    return variant.isEmpty() ? "default" : String.join("+", variant);
  }

  /** The terms whose rows are the sample: n and coverage add up over them. */
  public List<String> baseTerms() {
    return base == null ? List.of() : List.of(base.trim().split("\\s*\\+\\s*"));
  }

  /** The first base term: the one that dates the sample, and for means and quantiles the whole sample. */
  public Term baseTerm() {
    return base == null ? null : terms.get(baseTerms().get(0));
  }

  /**
   * A named aggregate over a fact.
   *
   * @param agg count, count_distinct, sum, avg, min, max, median or percentile
   * @param expr what is aggregated (null for count)
   * @param filter which rows count
   * @param anchor the date that places a row in a period
   * @param fxDate the date whose exchange rate converts money (default: the anchor)
   * @param p the fraction for percentile
   * @param windowMonths when set, each period aggregates the trailing window of this many months
   *     ending at the period's end instead of the period itself
   * @param shift 0 for the period itself, 1 for the previous period, -1 for the next one
   * @param state for point-in-time terms: the condition on a history row that puts its deal in
   *     the measured set; the term then counts (or sums over) the deals in the set at period end
   * @param require expressions that must not be null for a row to be used; rows failing them are
   *     reported as excluded (coverage)
   */
  public record Term(
      String name,
      String fact,
      String agg,
      Expr expr,
      Expr filter,
      Expr anchor,
      Expr fxDate,
      Double p,
      Integer windowMonths,
      int shift,
      Expr state,
      List<Expr> require) {
    public Term {
      require = List.copyOf(require);
    }

    public boolean pointInTime() {
      return state != null;
    }

    public boolean ranked() {
      return agg.equals("median") || agg.equals("percentile");
    }
  }

  /** Another KPI used by a derived KPI. */
  public record Component(String alias, String kpi, List<String> variant, Integer windowMonths) {
    public Component {
      variant = List.copyOf(variant);
    }
  }

  /** A named alternative formula; applying it overlays its settings on the KPI. */
  public record Variant(String id, Text label, Text formula) {}

  /** A KPI parameter, referenced as $name in expressions. */
  public record Param(String name, String type, Object defaultValue, List<String> allowed, Text description) {
    public Param {
      allowed = List.copyOf(allowed);
    }
  }

  /** Shown next to the number: why it matters, pitfalls, what to read it with, what to try. */
  public record Guidance(Text why, Text pitfalls, List<String> readWith, Text readWithWhy, Text remedies) {
    public Guidance {
      readWith = List.copyOf(readWith);
    }
  }
}

package io.kompass.app.numbers;

import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who sees which numbers, in one place. Every KPI query and comparison of the pages and the API
 * passes through {@link #apply}:
 *
 * <ul>
 *   <li>admins and managers: every query as asked;
 *   <li>reps: a query that groups or filters by {@code rep} gets {@code and rep = '<their own
 *       name>'} added to its filter, so rows of other reps cannot come back, whatever was asked;
 *       queries without the rep dimension (team-level aggregates) run as asked;
 *   <li>viewers (and rep users not linked to a rep): a query that groups or filters by {@code rep}
 *       is refused (403); team-level aggregates run as asked.
 * </ul>
 *
 * <p>Some KPIs count reps themselves (onboarding time: one row per rep). Their values are withheld
 * from reps and viewers ({@link #withhold}), except a rep's own: a team's onboarding time in a month
 * when one rep started is that rep's.
 */
public final class QueryPolicy {

  public static final String REP = "rep";

  private QueryPolicy() {}

  /** The query this user may run in place of the one asked; throws AccessDeniedException when none. */
  public static KpiQuery apply(SignedIn user, KpiQuery query) {
    Expr filter = filter(user, query.filter(), query.groupBy());
    return filter == query.filter()
        ? query
        : new KpiQuery(query.kpis(), query.from(), query.to(), query.calendar(), query.groupBy(), filter, query.minN(), query.fxDate());
  }

  /** The filter this user's query runs with, given what it groups by. */
  public static Expr filter(SignedIn user, Expr filter, List<String> groupBy) {
    if (user.seesEveryRep() || !(groupBy.contains(REP) || mentionsRep(filter))) {
      return filter;
    }
    if (!user.isRep()) {
      throw new AccessDeniedException("numbers of individual reps are not shown to role " + user.role().id());
    }
    Expr own = equalTo(REP, user.repName());
    return filter == null ? own : new Expr.Binary("and", filter, own);
  }

  /**
   * Whether a KPI's rows are reps themselves, so that a value of few rows is a few people's; a KPI built from others is
   * when any of them is.
   */
  public static boolean aboutReps(Catalog catalog, String kpi) {
    if (!catalog.hasKpi(kpi)) {
      return false;
    }
    var k = catalog.kpi(kpi);
    return k.terms().values().stream()
        .anyMatch(t -> catalog.facts().containsKey(t.fact()) && "reps".equals(catalog.facts().get(t.fact()).table()))
        || k.components().values().stream().anyMatch(c -> !c.kpi().equals(kpi) && aboutReps(catalog, c.kpi()));
  }

  /** Whether this user gets no team-level values of the KPI (see {@link #withhold}): pages say why instead. */
  public static boolean withheldAtTeamLevel(SignedIn user, Catalog catalog, String kpi) {
    return !ownOnly(user, null, List.of()) && aboutReps(catalog, kpi);
  }

  /**
   * The result as this user may see it (see class doc): for reps and viewers, a KPI that counts reps shows values only
   * when the query is limited to the rep's own rows. A floor on how many reps a value rests on would not do: two
   * overlapping ranges that each pass it differ by one rep.
   */
  public static KpiResult withhold(SignedIn user, Catalog catalog, KpiResult result) {
    if (ownOnly(user, result.query().filter(), result.query().groupBy())
        || result.kpis().stream().noneMatch(s -> aboutReps(catalog, s.id()))) {
      return result;
    }
    List<KpiSeries> kpis = result.kpis().stream()
        .map(s -> !aboutReps(catalog, s.id()) ? s : s.withCells(s.cells().stream().map(QueryPolicy::hide).toList())).toList();
    return new KpiResult(result.query(), result.dimensions(), result.currency(), result.conversion(), kpis, result.took(), result.source());
  }

  /** The comparison as this user may see it: rows of KPIs that count reps withheld, as in {@link #withhold(SignedIn, Catalog, KpiResult)}. */
  public static Comparison withhold(SignedIn user, Catalog catalog, Comparison comparison, Expr filter) {
    if (ownOnly(user, filter, List.of())) {
      return comparison;
    }
    List<Comparison.Row> rows = comparison.rows().stream().map(r -> !aboutReps(catalog, r.kpi())
        ? r
        : new Comparison.Row(r.kpi(), r.name(), r.variant(), r.unit(), r.direction(), r.ci(), hide(r.before()), hide(r.after()), null, null,
            Comparison.Effect.UNKNOWN, null, null, false, "withheld: this KPI counts reps; managers see it")).toList();
    return new Comparison(comparison.beforeFrom(), comparison.beforeTo(), comparison.afterFrom(), comparison.afterTo(), comparison.alpha(), rows);
  }

  /** Whether everything this user's query returns is theirs to see: a manager's, or a rep's limited to their own rows. */
  private static boolean ownOnly(SignedIn user, Expr filter, List<String> groupBy) {
    return user.seesEveryRep() || (user.isRep() && (groupBy.contains(REP) || mentionsRep(filter)));
  }

  /** The cell without its value and whatever the value could be worked out from; n stays (how many reps, not who). */
  private static Cell hide(Cell c) {
    return new Cell(c.period(), c.group(), null, null, null, c.n(), null, null, true, c.included(), c.excluded(), c.converted(), null, Map.of());
  }

  static boolean mentionsRep(Expr filter) {
    return filter != null && filter.refs().stream().anyMatch(r -> r.text().equals(REP));
  }

  /** {@code dimension = 'value'}, built as a tree so no quoting can go wrong. */
  public static Expr equalTo(String dimension, String value) {
    return new Expr.Binary("=", new Expr.Ref(List.of(dimension)), new Expr.Literal(value));
  }
}

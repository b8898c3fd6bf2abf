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
 * <p>Some KPIs count reps themselves (onboarding time: one row per rep). For reps and viewers, a
 * value of such a KPI that rests on fewer than {@link Numbers#MIN_PEERS} reps is withheld
 * ({@link #withhold}): a team's onboarding time in a month when one rep started is that rep's.
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

  /** Whether a KPI's rows are reps themselves, so that a value of few rows is a few people's. */
  public static boolean aboutReps(Catalog catalog, String kpi) {
    return catalog.hasKpi(kpi) && catalog.kpi(kpi).terms().values().stream()
        .anyMatch(t -> catalog.facts().containsKey(t.fact()) && "reps".equals(catalog.facts().get(t.fact()).table()));
  }

  /** The result as this user may see it: values about fewer than {@link Numbers#MIN_PEERS} reps withheld (see class doc). */
  public static KpiResult withhold(SignedIn user, Catalog catalog, KpiResult result) {
    if (user.seesEveryRep() || result.kpis().stream().noneMatch(s -> aboutReps(catalog, s.id()))) {
      return result;
    }
    List<KpiSeries> kpis = result.kpis().stream().map(s -> !aboutReps(catalog, s.id()) ? s
        : new KpiSeries(s.id(), s.name(), s.variant(), s.formula(), s.unit(), s.direction(), s.ci(), s.params(), s.anchor(),
            s.settlesAfterDays(), s.accrues(), s.cells().stream().map(c -> withheld(c) ? hide(c) : c).toList())).toList();
    return new KpiResult(result.query(), result.dimensions(), result.currency(), result.conversion(), kpis, result.took(), result.source());
  }

  /** The comparison as this user may see it: a row about fewer than {@link Numbers#MIN_PEERS} reps in either range is withheld. */
  public static Comparison withhold(SignedIn user, Catalog catalog, Comparison comparison) {
    if (user.seesEveryRep()) {
      return comparison;
    }
    List<Comparison.Row> rows = comparison.rows().stream().map(r -> !aboutReps(catalog, r.kpi()) || !(withheld(r.before()) || withheld(r.after()))
        ? r
        : new Comparison.Row(r.kpi(), r.name(), r.variant(), r.unit(), r.direction(), r.ci(), hide(r.before()), hide(r.after()), null, null,
            Comparison.Effect.UNKNOWN, null, null, false, "withheld: fewer than " + Numbers.MIN_PEERS + " reps")).toList();
    return new Comparison(comparison.beforeFrom(), comparison.beforeTo(), comparison.afterFrom(), comparison.afterTo(), comparison.alpha(), rows);
  }

  /** A value of few reps that is not the reader's own row (a rep's own rows are grouped by rep). */
  private static boolean withheld(Cell c) {
    return c.n() > 0 && c.n() < Numbers.MIN_PEERS && !c.group().containsKey(REP);
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

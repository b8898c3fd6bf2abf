package io.kompass.app.numbers;

import io.kompass.app.people.SignedIn;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.KpiQuery;
import java.util.List;
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

  static boolean mentionsRep(Expr filter) {
    return filter != null && filter.refs().stream().anyMatch(r -> r.text().equals(REP));
  }

  /** {@code dimension = 'value'}, built as a tree so no quoting can go wrong. */
  public static Expr equalTo(String dimension, String value) {
    return new Expr.Binary("=", new Expr.Ref(List.of(dimension)), new Expr.Literal(value));
  }
}

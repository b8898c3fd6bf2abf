package io.kompass.engine.plan;

import io.kompass.engine.sql.Select;
import io.kompass.engine.sql.SqlExpr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves a filter on a dimension that falls back to a LEFT-joined table into that table's join, so
 * that the join reads only the rows that can match. A region that is the rep's team's, else the
 * account's, filters as {@code coalesce(team.region, account.region) = 'DACH'}; the accounts joined
 * are then only DACH's ({@code ... ON f.account_id = account.id AND account.region = 'DACH'}),
 * not every account.
 *
 * <p>The rows counted stay the same. An account of another region now joins as null, so the
 * coalesce falls back past it; it is the last value the coalesce tries, so that only happens where
 * the original compared the account's region with the value and found it different. It is done
 * only when the joined table is read nowhere else in the step (its columns would be null for the
 * accounts left out).
 */
final class JoinFilters {

  private JoinFilters() {}

  static Select pushed(Select s) {
    List<SqlExpr> conjuncts = new ArrayList<>();
    split(s.where(), conjuncts);
    List<Select.Join> joins = new ArrayList<>(s.joins());
    for (int j = 0; j < joins.size(); j++) {
      Select.Join join = joins.get(j);
      if (!join.type().equals("LEFT") || !(join.from() instanceof Select.From.Table t)) {
        continue;
      }
      String alias = t.alias();
      SqlExpr pushed = null;
      int usedBy = -1;
      for (int i = 0; i < conjuncts.size(); i++) {
        SqlExpr onAlias = lastFallback(conjuncts.get(i), alias);
        if (onAlias != null && pushed == null) {
          pushed = onAlias;
          usedBy = i;
        }
      }
      if (pushed == null || readElsewhere(s, joins, j, conjuncts, usedBy, alias)) {
        continue;
      }
      joins.set(j, new Select.Join(join.type(), join.from(), SqlExpr.and(join.on(), pushed)));
    }
    return joins.equals(s.joins()) ? s : new Select(s.items(), s.from(), joins, s.where(), s.groupBy(), s.orderBy(), s.distinct());
  }

  /**
   * For {@code coalesce(a, ..., alias.x) = value} (value reading no table, {@code alias} in no other
   * argument): {@code alias.x = value}. Otherwise null.
   */
  private static SqlExpr lastFallback(SqlExpr conjunct, String alias) {
    if (!(conjunct instanceof SqlExpr.Op op) || !op.op().equals("=") || !op.right().qualifiers().isEmpty()
        || !(op.left() instanceof SqlExpr.Fn fn) || !fn.name().equalsIgnoreCase("coalesce") || fn.args().size() < 2) {
      return null;
    }
    SqlExpr last = fn.args().get(fn.args().size() - 1);
    if (!(last instanceof SqlExpr.Col col) || !alias.equals(col.qualifier())) {
      return null;
    }
    for (SqlExpr earlier : fn.args().subList(0, fn.args().size() - 1)) {
      if (earlier.qualifiers().contains(alias)) {
        return null;
      }
    }
    return new SqlExpr.Op("=", col, op.right());
  }

  /** Whether anything but the conjunct at {@code except} (and the join's own ON) reads {@code alias}. */
  private static boolean readElsewhere(Select s, List<Select.Join> joins, int join, List<SqlExpr> conjuncts, int except, String alias) {
    Set<String> read = new HashSet<>();
    s.items().forEach(i -> read.addAll(i.expr().qualifiers()));
    s.groupBy().forEach(g -> read.addAll(g.qualifiers()));
    s.orderBy().forEach(o -> read.addAll(o.expr().qualifiers()));
    for (int j = 0; j < joins.size(); j++) {
      if (j != join && joins.get(j).on() != null) {
        read.addAll(joins.get(j).on().qualifiers());
      }
    }
    for (int i = 0; i < conjuncts.size(); i++) {
      if (i != except) {
        read.addAll(conjuncts.get(i).qualifiers());
      }
    }
    return read.contains(alias);
  }

  private static void split(SqlExpr e, List<SqlExpr> out) {
    if (e instanceof SqlExpr.Op o && o.op().equals("AND")) {
      split(o.left(), out);
      split(o.right(), out);
    } else if (e != null) {
      out.add(e);
    }
  }
}

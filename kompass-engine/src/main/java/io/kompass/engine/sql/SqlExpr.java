package io.kompass.engine.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A SQL expression. Values from users never appear as text: they are {@link Bind}s. */
public sealed interface SqlExpr {

  /** A column, optionally qualified by a table alias. */
  record Col(String qualifier, String name) implements SqlExpr {}

  /** A numeric literal written by the planner (never user text). */
  record Num(String text) implements SqlExpr {}

  /** A bound value, rendered as a parameter marker cast to its type. */
  record Bind(Object value, SqlType type) implements SqlExpr {}

  record Op(String op, SqlExpr left, SqlExpr right) implements SqlExpr {}

  /** {@code a / b} that is NULL instead of an error when b is 0, on doubles on every engine. */
  record SafeDivide(SqlExpr numerator, SqlExpr denominator) implements SqlExpr {}

  record Not(SqlExpr operand) implements SqlExpr {}

  record Neg(SqlExpr operand) implements SqlExpr {}

  record IsNull(SqlExpr operand, boolean negated) implements SqlExpr {}

  record InList(SqlExpr operand, List<SqlExpr> values, boolean negated) implements SqlExpr {
    public InList {
      values = List.copyOf(values);
    }
  }

  record Case(List<When> whens, SqlExpr otherwise) implements SqlExpr {
    public Case {
      whens = List.copyOf(whens);
    }
  }

  record When(SqlExpr condition, SqlExpr result) {}

  record Cast(SqlExpr operand, SqlType type) implements SqlExpr {}

  /** A plain function the same on every engine ({@code coalesce}, {@code floor}, {@code sqrt}...). */
  record Fn(String name, List<SqlExpr> args) implements SqlExpr {
    public Fn {
      args = List.copyOf(args);
    }
  }

  /** An aggregate, with an optional FILTER condition; {@code arg} null means {@code count(*)}. */
  record Agg(String name, SqlExpr arg, boolean distinct, SqlExpr filter) implements SqlExpr {}

  /** A window function. {@code cumulative} adds a running frame from the first row. */
  record Window(String name, List<SqlExpr> args, List<SqlExpr> partitionBy, List<Order> orderBy, boolean cumulative)
      implements SqlExpr {
    public Window {
      args = List.copyOf(args);
      partitionBy = List.copyOf(partitionBy);
      orderBy = List.copyOf(orderBy);
    }
  }

  record Order(SqlExpr expr, boolean descending) {}

  /** Truncates a date/time to the start of its day, week (Monday), month, quarter or year, as a DATE. */
  record DateTrunc(String unit, SqlExpr operand) implements SqlExpr {}

  /** A date/time moved by whole months (may be negative). */
  record AddMonths(SqlExpr operand, int months) implements SqlExpr {}

  /** A date/time moved by whole days (may be negative). */
  record AddDays(SqlExpr operand, int days) implements SqlExpr {}

  /** Whole calendar days from {@code from} to {@code to}. */
  record DaysBetween(SqlExpr from, SqlExpr to) implements SqlExpr {}

  /** Equality that treats two NULLs as equal. */
  record NullSafeEquals(SqlExpr left, SqlExpr right) implements SqlExpr {}

  static Col col(String qualifier, String name) {
    return new Col(qualifier, name);
  }

  static SqlExpr and(SqlExpr a, SqlExpr b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new Op("AND", a, b);
  }

  /** The tables (aliases) whose columns this expression reads; null stands for unqualified columns. */
  default Set<String> qualifiers() {
    Set<String> out = new HashSet<>();
    collectQualifiers(this, out);
    return out;
  }

  private static void collectQualifiers(SqlExpr e, Set<String> out) {
    if (e == null) {
      return;
    }
    if (e instanceof Col c) {
      out.add(c.qualifier());
    } else if (e instanceof Op o) {
      collectQualifiers(o.left(), out);
      collectQualifiers(o.right(), out);
    } else if (e instanceof SafeDivide d) {
      collectQualifiers(d.numerator(), out);
      collectQualifiers(d.denominator(), out);
    } else if (e instanceof Not n) {
      collectQualifiers(n.operand(), out);
    } else if (e instanceof Neg n) {
      collectQualifiers(n.operand(), out);
    } else if (e instanceof IsNull n) {
      collectQualifiers(n.operand(), out);
    } else if (e instanceof InList l) {
      collectQualifiers(l.operand(), out);
      l.values().forEach(v -> collectQualifiers(v, out));
    } else if (e instanceof Case c) {
      c.whens().forEach(w -> {
        collectQualifiers(w.condition(), out);
        collectQualifiers(w.result(), out);
      });
      collectQualifiers(c.otherwise(), out);
    } else if (e instanceof Cast c) {
      collectQualifiers(c.operand(), out);
    } else if (e instanceof Fn f) {
      f.args().forEach(a -> collectQualifiers(a, out));
    } else if (e instanceof Agg a) {
      collectQualifiers(a.arg(), out);
      collectQualifiers(a.filter(), out);
    } else if (e instanceof Window w) {
      w.args().forEach(a -> collectQualifiers(a, out));
      w.partitionBy().forEach(a -> collectQualifiers(a, out));
      w.orderBy().forEach(o -> collectQualifiers(o.expr(), out));
    } else if (e instanceof DateTrunc t) {
      collectQualifiers(t.operand(), out);
    } else if (e instanceof AddMonths m) {
      collectQualifiers(m.operand(), out);
    } else if (e instanceof AddDays d) {
      collectQualifiers(d.operand(), out);
    } else if (e instanceof DaysBetween d) {
      collectQualifiers(d.from(), out);
      collectQualifiers(d.to(), out);
    } else if (e instanceof NullSafeEquals n) {
      collectQualifiers(n.left(), out);
      collectQualifiers(n.right(), out);
    }
    // Num and Bind read no column.
  }
}

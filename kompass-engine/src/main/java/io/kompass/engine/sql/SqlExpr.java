package io.kompass.engine.sql;

import java.util.ArrayList;
import java.util.Arrays;
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

  /** The direct sub-expressions (absent ones, such as an aggregate without filter, left out), for traversals. */
  default List<SqlExpr> children() {
    List<SqlExpr> out = new ArrayList<>();
    if (this instanceof Op o) {
      out.addAll(Arrays.asList(o.left(), o.right()));
    } else if (this instanceof SafeDivide d) {
      out.addAll(Arrays.asList(d.numerator(), d.denominator()));
    } else if (this instanceof Not n) {
      out.add(n.operand());
    } else if (this instanceof Neg n) {
      out.add(n.operand());
    } else if (this instanceof IsNull n) {
      out.add(n.operand());
    } else if (this instanceof InList l) {
      out.add(l.operand());
      out.addAll(l.values());
    } else if (this instanceof Case c) {
      c.whens().forEach(w -> out.addAll(Arrays.asList(w.condition(), w.result())));
      out.add(c.otherwise());
    } else if (this instanceof Cast c) {
      out.add(c.operand());
    } else if (this instanceof Fn f) {
      out.addAll(f.args());
    } else if (this instanceof Agg a) {
      out.addAll(Arrays.asList(a.arg(), a.filter()));
    } else if (this instanceof Window w) {
      out.addAll(w.args());
      out.addAll(w.partitionBy());
      w.orderBy().forEach(o -> out.add(o.expr()));
    } else if (this instanceof DateTrunc t) {
      out.add(t.operand());
    } else if (this instanceof AddMonths m) {
      out.add(m.operand());
    } else if (this instanceof AddDays d) {
      out.add(d.operand());
    } else if (this instanceof DaysBetween d) {
      out.addAll(Arrays.asList(d.from(), d.to()));
    } else if (this instanceof NullSafeEquals n) {
      out.addAll(Arrays.asList(n.left(), n.right()));
    }
    // Col, Num and Bind have none.
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  /** The tables (aliases) whose columns this expression reads; null stands for unqualified columns. */
  default Set<String> qualifiers() {
    Set<String> out = new HashSet<>();
    if (this instanceof Col c) {
      out.add(c.qualifier());
    }
    children().forEach(child -> out.addAll(child.qualifiers()));
    return out;
  }
}

package io.kompass.engine.expr;

import java.util.List;

/** A parsed expression. */
public sealed interface Expr {

  /** The direct sub-expressions, for traversals. */
  default List<Expr> children() {
    if (this instanceof Binary b) {
      return List.of(b.left(), b.right());
    }
    if (this instanceof Unary u) {
      return List.of(u.operand());
    }
    if (this instanceof Call c) {
      return c.args();
    }
    if (this instanceof In in) {
      List<Expr> out = new java.util.ArrayList<>();
      out.add(in.operand());
      out.addAll(in.values());
      return out;
    }
    if (this instanceof IsNull n) {
      return List.of(n.operand());
    }
    return List.of();
  }

  /** Every column reference in this expression, depth first. */
  default List<Ref> refs() {
    List<Ref> out = new java.util.ArrayList<>();
    if (this instanceof Ref r) {
      out.add(r);
    }
    for (Expr c : children()) {
      out.addAll(c.refs());
    }
    return out;
  }

  /** A column of the current row, optionally through a join alias: {@code amount}, {@code owner.name}. */
  record Ref(List<String> path) implements Expr {
    public Ref {
      path = List.copyOf(path);
    }

    public String text() {
      return String.join(".", path);
    }
  }

  /** A number, string, boolean or null literal. */
  record Literal(Object value) implements Expr {}

  /** A KPI parameter such as {@code $window_days}; its value is bound at query time. */
  record Param(String name) implements Expr {}

  record Unary(String op, Expr operand) implements Expr {}

  /** Arithmetic ({@code + - * /}), comparison ({@code = != < <= > >=}) or logic ({@code and or}). */
  record Binary(String op, Expr left, Expr right) implements Expr {}

  /** {@code x in (a, b)}, or {@code x in $list}. */
  record In(Expr operand, List<Expr> values, boolean negated) implements Expr {
    public In {
      values = List.copyOf(values);
    }
  }

  record IsNull(Expr operand, boolean negated) implements Expr {}

  /** A function call; see {@link Functions} for the allowed names. */
  record Call(String function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }
}

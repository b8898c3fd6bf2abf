package io.kompass.engine.expr;

import java.math.BigDecimal;
import java.util.stream.Collectors;

/** Writes an expression back as catalog text, for messages and SQL comments. */
public final class ExprPrinter {
  private ExprPrinter() {}

  public static String print(Expr e) {
    if (e == null) {
      return "";
    }
    if (e instanceof Expr.Ref r) {
      return r.text();
    }
    if (e instanceof Expr.Literal l) {
      Object v = l.value();
      if (v == null) {
        return "null";
      }
      if (v instanceof BigDecimal d) {
        return d.toPlainString();
      }
      return v instanceof String s ? "'" + s.replace("'", "''") + "'" : v.toString();
    }
    if (e instanceof Expr.Param p) {
      return "$" + p.name();
    }
    if (e instanceof Expr.Unary u) {
      return u.op().equals("not") ? "not " + wrap(u.operand()) : "-" + wrap(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return wrap(b.left()) + " " + b.op() + " " + wrap(b.right());
    }
    if (e instanceof Expr.In in) {
      return wrap(in.operand()) + (in.negated() ? " not in " : " in ")
          + (in.values().size() == 1 && in.values().get(0) instanceof Expr.Param p ? "$" + p.name()
              : "(" + in.values().stream().map(ExprPrinter::print).collect(Collectors.joining(", ")) + ")");
    }
    if (e instanceof Expr.IsNull n) {
      return wrap(n.operand()) + (n.negated() ? " is not null" : " is null");
    }
    Expr.Call c = (Expr.Call) e;
    return c.function() + "(" + c.args().stream().map(ExprPrinter::print).collect(Collectors.joining(", ")) + ")";
  }

  private static String wrap(Expr e) {
    return e instanceof Expr.Binary ? "(" + print(e) + ")" : print(e);
  }
}

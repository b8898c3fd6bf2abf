package io.kompass.engine.sql;

import io.kompass.engine.sql.Dialect.Capability;
import io.kompass.engine.sql.Select.From;
import io.kompass.engine.sql.SqlExpr.Agg;
import io.kompass.engine.sql.SqlExpr.Bind;
import io.kompass.engine.sql.SqlExpr.Case;
import io.kompass.engine.sql.SqlExpr.Cast;
import io.kompass.engine.sql.SqlExpr.Col;
import io.kompass.engine.sql.SqlExpr.Fn;
import io.kompass.engine.sql.SqlExpr.InList;
import io.kompass.engine.sql.SqlExpr.IsNull;
import io.kompass.engine.sql.SqlExpr.Neg;
import io.kompass.engine.sql.SqlExpr.Not;
import io.kompass.engine.sql.SqlExpr.Num;
import io.kompass.engine.sql.SqlExpr.Op;
import io.kompass.engine.sql.SqlExpr.Order;
import io.kompass.engine.sql.SqlExpr.SafeDivide;
import io.kompass.engine.sql.SqlExpr.When;
import io.kompass.engine.sql.SqlExpr.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Writes a query for one dialect, collecting bind values in marker order. */
public final class SqlRenderer {

  private final Dialect dialect;
  private final Function<From.Lookup, String> kept;
  private final List<Object> binds = new ArrayList<>();

  private SqlRenderer(Dialect dialect, Function<From.Lookup, String> kept) {
    this.dialect = dialect;
    this.kept = kept;
  }

  public static Rendered render(Select.Query query, Dialect dialect) {
    return render(query, dialect, lookup -> null);
  }

  /**
   * Renders a query whose lookups may be read from stored tables: {@code kept} names the table that
   * holds a lookup's rows (columns as its SELECT names them), or returns null to compute it inline.
   */
  public static Rendered render(Select.Query query, Dialect dialect, Function<From.Lookup, String> kept) {
    SqlRenderer r = new SqlRenderer(dialect, kept);
    StringBuilder sb = new StringBuilder();
    if (!query.ctes().isEmpty()) {
      sb.append("WITH\n");
      for (int i = 0; i < query.ctes().size(); i++) {
        Select.Cte cte = query.ctes().get(i);
        sb.append("-- step: ").append(cte.step()).append('\n');
        sb.append(cte.name()).append(" AS (\n").append(r.select(cte.select(), "  ")).append("\n)");
        sb.append(i + 1 < query.ctes().size() ? ",\n" : "\n");
      }
    }
    sb.append("-- step: ").append(query.step()).append('\n');
    sb.append(r.select(query.main(), ""));
    return new Rendered(sb.toString(), r.binds);
  }

  /** Renders one SELECT on its own, its lookups as {@code kept} says (see above). */
  public static Rendered render(Select select, Dialect dialect, Function<From.Lookup, String> kept) {
    SqlRenderer r = new SqlRenderer(dialect, kept);
    String text = r.select(select, "");
    return new Rendered(text, r.binds);
  }

  /** Renders one expression (for tests and messages). */
  public static Rendered render(SqlExpr e, Dialect dialect) {
    SqlRenderer r = new SqlRenderer(dialect, lookup -> null);
    String text = r.expr(e);
    return new Rendered(text, r.binds);
  }

  private String select(Select s, String indent) {
    StringBuilder sb = new StringBuilder(indent).append("SELECT ");
    if (s.distinct()) {
      sb.append("DISTINCT ");
    }
    for (int i = 0; i < s.items().size(); i++) {
      Select.Item item = s.items().get(i);
      if (i > 0) {
        sb.append(",\n").append(indent).append("  ");
      }
      String e = expr(item.expr());
      sb.append(e);
      if (item.alias() != null && !(item.expr() instanceof Col c && c.name().equals(item.alias()))) {
        sb.append(" AS ").append(item.alias());
      }
    }
    sb.append('\n').append(indent).append("FROM ").append(from(s.from(), indent));
    for (Select.Join j : s.joins()) {
      sb.append('\n').append(indent).append(j.type()).append(" JOIN ").append(from(j.from(), indent));
      if (j.on() != null) {
        sb.append(" ON ").append(expr(j.on()));
      }
    }
    if (s.where() != null) {
      sb.append('\n').append(indent).append("WHERE ").append(expr(s.where()));
    }
    if (!s.groupBy().isEmpty()) {
      sb.append('\n').append(indent).append("GROUP BY ").append(s.groupBy().stream().map(this::expr).collect(Collectors.joining(", ")));
    }
    if (!s.orderBy().isEmpty()) {
      sb.append('\n').append(indent).append("ORDER BY ").append(s.orderBy().stream().map(this::order).collect(Collectors.joining(", ")));
    }
    return sb.toString();
  }

  private String from(From f, String indent) {
    if (f instanceof From.Table t) {
      return t.name() + (t.alias() == null || t.alias().equals(t.name()) ? "" : " " + t.alias());
    }
    if (f instanceof From.Sub sub) {
      return subquery(sub.select(), sub.alias(), indent);
    }
    if (f instanceof From.Lookup l) {
      String table = kept.apply(l);
      return table != null ? table + " " + l.alias() : subquery(l.select(), l.alias(), indent);
    }
    if (f instanceof From.UnionAll u) {
      String parts = u.parts().stream().map(p -> select(p, indent + "  ")).collect(Collectors.joining("\n" + indent + "  UNION ALL\n"));
      return "(\n" + parts + "\n" + indent + ") " + u.alias();
    }
    From.Values v = (From.Values) f;
    String rows = v.rows().stream()
        .map(row -> "(" + row.stream().map(this::expr).collect(Collectors.joining(", ")) + ")")
        .collect(Collectors.joining(", "));
    return dialect.template("values").replace("{rows}", rows).replace("{alias}", v.alias()).replace("{columns}", String.join(", ", v.columns()));
  }

  private String subquery(Select s, String alias, String indent) {
    return "(\n" + select(s, indent + "  ") + "\n" + indent + ") " + alias;
  }

  private String order(Order o) {
    return expr(o.expr()) + (o.descending() ? " DESC" : " ASC") + " NULLS LAST";
  }

  String expr(SqlExpr e) {
    if (e instanceof Col c) {
      return c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name();
    }
    if (e instanceof Num n) {
      return n.text();
    }
    if (e instanceof Bind b) {
      binds.add(b.value());
      return dialect.template("bind").replace("{t}", dialect.types().get(b.type())).replace("{i}", Integer.toString(binds.size()));
    }
    if (e instanceof Op op) {
      return "(" + expr(op.left()) + " " + op.op() + " " + expr(op.right()) + ")";
    }
    if (e instanceof SafeDivide d) {
      String dbl = dialect.types().get(SqlType.DOUBLE);
      return "(CAST(" + expr(d.numerator()) + " AS " + dbl + ") / NULLIF(CAST(" + expr(d.denominator()) + " AS " + dbl + "), 0))";
    }
    if (e instanceof Not n) {
      return "(NOT " + expr(n.operand()) + ")";
    }
    if (e instanceof Neg n) {
      return "(-" + expr(n.operand()) + ")";
    }
    if (e instanceof IsNull n) {
      return "(" + expr(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
    }
    if (e instanceof InList in) {
      return "(" + expr(in.operand()) + (in.negated() ? " NOT IN (" : " IN (")
          + in.values().stream().map(this::expr).collect(Collectors.joining(", ")) + "))";
    }
    if (e instanceof Case c) {
      StringBuilder sb = new StringBuilder("CASE");
      for (When w : c.whens()) {
        sb.append(" WHEN ").append(expr(w.condition())).append(" THEN ").append(expr(w.result()));
      }
      if (c.otherwise() != null) {
        sb.append(" ELSE ").append(expr(c.otherwise()));
      }
      return sb.append(" END").toString();
    }
    if (e instanceof Cast c) {
      return "CAST(" + expr(c.operand()) + " AS " + dialect.types().get(c.type()) + ")";
    }
    if (e instanceof Fn f) {
      return f.name() + "(" + f.args().stream().map(this::expr).collect(Collectors.joining(", ")) + ")";
    }
    if (e instanceof Agg a) {
      return agg(a);
    }
    if (e instanceof Window w) {
      StringBuilder sb = new StringBuilder(w.name()).append('(')
          .append(w.args().stream().map(this::expr).collect(Collectors.joining(", "))).append(") OVER (");
      List<String> parts = new ArrayList<>();
      if (!w.partitionBy().isEmpty()) {
        parts.add("PARTITION BY " + w.partitionBy().stream().map(this::expr).collect(Collectors.joining(", ")));
      }
      if (!w.orderBy().isEmpty()) {
        parts.add("ORDER BY " + w.orderBy().stream().map(this::order).collect(Collectors.joining(", ")));
      }
      if (w.cumulative()) {
        parts.add("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
      }
      return sb.append(String.join(" ", parts)).append(')').toString();
    }
    if (e instanceof SqlExpr.DateTrunc t) {
      if (t.unit().equals("day")) {
        return "CAST(" + expr(t.operand()) + " AS " + dialect.types().get(SqlType.DATE) + ")";
      }
      return dialect.template("dateTrunc").replace("{unit}", t.unit()).replace("{0}", expr(t.operand()));
    }
    if (e instanceof SqlExpr.AddMonths m) {
      return m.months() == 0 ? expr(m.operand()) : dialect.template("addMonths").replace("{n}", Integer.toString(m.months())).replace("{0}", expr(m.operand()));
    }
    if (e instanceof SqlExpr.AddDays d) {
      return d.days() == 0 ? expr(d.operand()) : dialect.template("addDays").replace("{n}", Integer.toString(d.days())).replace("{0}", expr(d.operand()));
    }
    if (e instanceof SqlExpr.DaysBetween d) {
      // Arguments are rendered in template order so that bind markers stay in sequence.
      return fill(dialect.template("daysBetween"), d.from(), d.to());
    }
    SqlExpr.NullSafeEquals n = (SqlExpr.NullSafeEquals) e;
    if (dialect.supports(Capability.IS_NOT_DISTINCT_FROM)) {
      return "(" + expr(n.left()) + " IS NOT DISTINCT FROM " + expr(n.right()) + ")";
    }
    if (dialect.supports(Capability.NULL_SAFE_EQUALS_OPERATOR)) {
      return "(" + expr(n.left()) + " <=> " + expr(n.right()) + ")";
    }
    String l = expr(n.left());
    String r = expr(n.right());
    return "((" + l + " = " + r + ") OR (" + l + " IS NULL AND " + r + " IS NULL))";
  }

  /** Replaces {0} and {1} in the order they appear in the template. */
  private String fill(String template, SqlExpr a, SqlExpr b) {
    int ia = template.indexOf("{0}");
    int ib = template.indexOf("{1}");
    if (ia < ib) {
      String sa = expr(a);
      String sb = expr(b);
      return template.replace("{0}", sa).replace("{1}", sb);
    }
    String sb = expr(b);
    String sa = expr(a);
    return template.replace("{0}", sa).replace("{1}", sb);
  }

  private String agg(Agg a) {
    String name = a.name();
    if (a.filter() == null) {
      return name + "(" + (a.distinct() ? "DISTINCT " : "") + (a.arg() == null ? "*" : expr(a.arg())) + ")";
    }
    if (dialect.supports(Capability.FILTER_CLAUSE)) {
      String arg = a.arg() == null ? "*" : expr(a.arg());
      return name + "(" + (a.distinct() ? "DISTINCT " : "") + arg + ") FILTER (WHERE " + expr(a.filter()) + ")";
    }
    // Emulation: the value only where the filter holds; count(*) becomes count(CASE ... THEN 1 END).
    String cond = expr(a.filter());
    String arg = a.arg() == null ? "1" : expr(a.arg());
    return name + "(" + (a.distinct() ? "DISTINCT " : "") + "CASE WHEN " + cond + " THEN " + arg + " END)";
  }
}

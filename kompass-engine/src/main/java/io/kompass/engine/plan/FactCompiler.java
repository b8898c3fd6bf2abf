package io.kompass.engine.plan;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Fact;
import io.kompass.engine.catalog.FactScope;
import io.kompass.engine.catalog.FactScope.Target;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.sql.Select;
import io.kompass.engine.sql.Select.From;
import io.kompass.engine.sql.SqlExpr;
import io.kompass.engine.sql.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles catalog expressions over one fact into SQL, and remembers which joins, lookups and
 * exchange-rate joins the compiled expressions need, so the scan joins only those.
 */
final class FactCompiler {

  /** The alias of the fact's own rows. */
  static final String ROW = "f";

  private final Catalog catalog;
  private final Fact fact;
  private final FactScope scope;
  private final String workspaceCurrency;
  private final Set<String> joins = new LinkedHashSet<>();
  /** The lookups read, by alias; a lookup with parameters gets an alias per set of values. */
  private final Map<String, LookupUse> lookups = new LinkedHashMap<>();
  private final Map<String, Select.Join> fxJoins = new LinkedHashMap<>();
  private SqlExpr fxDate;
  private Function<String, SqlExpr> period = which -> {
    throw new QueryException(which + " can only be used in term filters");
  };
  private final int depth;

  FactCompiler(Catalog catalog, Fact fact, String workspaceCurrency) {
    this(catalog, fact, workspaceCurrency, 0);
  }

  private FactCompiler(Catalog catalog, Fact fact, String workspaceCurrency, int depth) {
    this.catalog = catalog;
    this.fact = fact;
    this.scope = new FactScope(fact);
    this.workspaceCurrency = workspaceCurrency;
    this.depth = depth;
  }

  Fact fact() {
    return fact;
  }

  /** The date whose rate converts money, already compiled; null means money may not be used. */
  void fxDate(SqlExpr date) {
    this.fxDate = date;
  }

  /** Supplies {@code period_start} / {@code period_end} for filters. */
  void period(Function<String, SqlExpr> supplier) {
    this.period = supplier;
  }

  SqlExpr compile(Expr e, Map<String, Object> params) {
    if (e instanceof Expr.Ref r) {
      return ref(r, params);
    }
    if (e instanceof Expr.Literal l) {
      return literal(l.value());
    }
    if (e instanceof Expr.Param p) {
      return param(p.name(), params);
    }
    if (e instanceof Expr.Unary u) {
      SqlExpr operand = compile(u.operand(), params);
      return u.op().equals("not") ? new SqlExpr.Not(operand) : new SqlExpr.Neg(operand);
    }
    if (e instanceof Expr.Binary b) {
      SqlExpr l = compile(b.left(), params);
      SqlExpr r = compile(b.right(), params);
      return binary(b.op(), l, r);
    }
    if (e instanceof Expr.In in) {
      SqlExpr operand = compile(in.operand(), params);
      List<SqlExpr> values = new ArrayList<>();
      for (Expr v : in.values()) {
        if (v instanceof Expr.Param p && params.get(p.name()) instanceof List<?> list) {
          for (Object o : list) {
            values.add(new SqlExpr.Bind(o.toString(), SqlType.VARCHAR));
          }
        } else {
          values.add(compile(v, params));
        }
      }
      if (values.isEmpty()) {
        return new SqlExpr.Num(in.negated() ? "TRUE" : "FALSE");
      }
      return new SqlExpr.InList(operand, values, in.negated());
    }
    if (e instanceof Expr.IsNull n) {
      return new SqlExpr.IsNull(compile(n.operand(), params), n.negated());
    }
    Expr.Call c = (Expr.Call) e;
    List<SqlExpr> args = c.args().stream().map(a -> compile(a, params)).toList();
    return call(c.function(), args);
  }

  static SqlExpr binary(String op, SqlExpr l, SqlExpr r) {
    return switch (op) {
      case "/" -> new SqlExpr.SafeDivide(l, r);
      case "and" -> new SqlExpr.Op("AND", l, r);
      case "or" -> new SqlExpr.Op("OR", l, r);
      case "!=" -> new SqlExpr.Op("<>", l, r);
      default -> new SqlExpr.Op(op, l, r);
    };
  }

  static SqlExpr call(String function, List<SqlExpr> args) {
    return switch (function) {
      case "days_between" -> new SqlExpr.DaysBetween(args.get(0), args.get(1));
      case "earliest", "latest" -> {
        SqlExpr a = args.get(0);
        SqlExpr b = args.get(1);
        String cmp = function.equals("earliest") ? "<=" : ">=";
        yield new SqlExpr.Case(
            List.of(
                new SqlExpr.When(new SqlExpr.IsNull(a, false), b),
                new SqlExpr.When(new SqlExpr.IsNull(b, false), a),
                new SqlExpr.When(new SqlExpr.Op(cmp, a, b), a)),
            b);
      }
      case "if" -> new SqlExpr.Case(List.of(new SqlExpr.When(args.get(0), args.get(1))), args.get(2));
      case "date" -> new SqlExpr.Cast(args.get(0), SqlType.DATE);
      case "month_start" -> new SqlExpr.DateTrunc("month", args.get(0));
      default -> new SqlExpr.Fn(function, args);
    };
  }

  static SqlExpr literal(Object value) {
    if (value == null) {
      return new SqlExpr.Num("NULL");
    }
    if (value instanceof BigDecimal d) {
      return new SqlExpr.Num(d.toPlainString());
    }
    if (value instanceof Boolean b) {
      return new SqlExpr.Num(b ? "TRUE" : "FALSE");
    }
    return new SqlExpr.Bind(value.toString(), SqlType.VARCHAR);
  }

  private static SqlExpr param(String name, Map<String, Object> params) {
    if (!params.containsKey(name)) {
      throw new QueryException("parameter $" + name + " has no value");
    }
    Object v = params.get(name);
    if (v instanceof Long || v instanceof Integer) {
      return new SqlExpr.Bind(((Number) v).longValue(), SqlType.BIGINT);
    }
    if (v instanceof Double) {
      return new SqlExpr.Bind(v, SqlType.DOUBLE);
    }
    if (v instanceof List<?>) {
      throw new QueryException("list parameter $" + name + " can only be used after in");
    }
    return new SqlExpr.Bind(v == null ? null : v.toString(), v == null ? SqlType.BIGINT : SqlType.VARCHAR);
  }

  /** While compiling a derived money column: money columns it reads are not converted one by one. */
  private boolean raw;

  /** Compiles {@code e} with the money columns it reads as stored, unconverted (see {@link #raw}). */
  private SqlExpr asStored(Expr e, Map<String, Object> params) {
    boolean was = raw;
    raw = true;
    try {
      return compile(e, params);
    } finally {
      raw = was;
    }
  }

  private SqlExpr ref(Expr.Ref r, Map<String, Object> params) {
    Target t = scope.resolve(r.path())
        .orElseThrow(() -> new QueryException("'" + r.text() + "' is not known in fact " + fact.id() + " (it has " + scope.offer() + ")"));
    SqlExpr plain;
    if (t instanceof Target.Own own) {
      plain = new SqlExpr.Col(ROW, own.column());
    } else if (t instanceof Target.Joined j) {
      needJoin(j.alias());
      plain = new SqlExpr.Col(j.alias(), j.column());
    } else if (t instanceof Target.Derived d) {
      if (depth > 8) {
        throw new QueryException("derived column " + d.name() + " of fact " + fact.id() + " refers to itself");
      }
      Expr ownCurrency = fact.money().get(d.name());
      if (ownCurrency == null) {
        return compile(fact.columns().get(d.name()), params);
      }
      // A derived money column (one amount or another, each in its own currency) is converted once, as a whole: its
      // amounts and its currency are read as stored, so that a missing rate leaves the value missing.
      SqlExpr amount = asStored(fact.columns().get(d.name()), params);
      return raw ? amount : money(d.name(), amount, asStored(ownCurrency, params));
    } else if (t instanceof Target.Looked l) {
      Fact.Lookup lookup = fact.lookups().get(l.name());
      LookupUse use = new LookupUse(lookup, params);
      String alias = null;
      for (Map.Entry<String, LookupUse> e : lookups.entrySet()) {
        if (e.getValue().lookup().name().equals(lookup.name()) && e.getValue().sameValues(use)) {
          alias = e.getKey();
        }
      }
      if (alias == null) {
        long taken = lookups.values().stream().filter(u -> u.lookup().name().equals(lookup.name())).count();
        alias = lookupAlias(l.name()) + (taken == 0 ? "" : "_" + (taken + 1));
        lookups.put(alias, use);
      }
      return new SqlExpr.Col(alias, "v");
    } else {
      return period.apply(((Target.Period) t).which());
    }
    Expr currency = raw ? null : fact.money().get(r.text());
    return currency == null ? plain : money(r.text(), plain, compile(currency, params));
  }

  /** Converts an amount to the workspace currency at the rate in force on the fx date. */
  private SqlExpr money(String column, SqlExpr amount, SqlExpr currency) {
    if (fxDate == null) {
      throw new QueryException("money column " + column + " of " + fact.id() + " cannot be used here (no date to convert it at)");
    }
    // One exchange-rate join per currency column (records compare by value, so the text is a key).
    String key = currency.toString();
    Select.Join existing = fxJoins.get(key);
    String alias = existing == null ? "fx_" + (fxJoins.size() + 1) : ((From.Table) existing.from()).alias();
    if (existing == null) {
      SqlExpr on = new SqlExpr.Op("AND",
          new SqlExpr.Op("=", new SqlExpr.Col(alias, "currency"), currency),
          new SqlExpr.Op("=", new SqlExpr.Col(alias, "rate_date"), new SqlExpr.Cast(fxDate, SqlType.DATE)));
      fxJoins.put(key, new Select.Join("LEFT", new From.Table("currency_rates_daily", alias), on));
    }
    return new SqlExpr.Case(
        List.of(new SqlExpr.When(new SqlExpr.Op("=", currency, new SqlExpr.Bind(workspaceCurrency, SqlType.VARCHAR)), amount)),
        new SqlExpr.Op("*", amount, new SqlExpr.Col(alias, "rate")));
  }

  /** The currency expression behind the first money column in {@code e}, or null. */
  SqlExpr currencyOf(Expr e, Map<String, Object> params) {
    for (Expr.Ref r : e.refs()) {
      Target t = scope.resolve(r.path()).orElse(null);
      if (t instanceof Target.Derived d && fact.money().containsKey(d.name())) {
        return asStored(fact.money().get(d.name()), params);
      }
      if (t instanceof Target.Derived d) {
        SqlExpr inner = currencyOf(fact.columns().get(d.name()), params);
        if (inner != null) {
          return inner;
        }
      }
      Expr currency = fact.money().get(r.text());
      if (currency != null) {
        return compile(currency, params);
      }
    }
    return null;
  }

  private void needJoin(String alias) {
    if (joins.contains(alias)) {
      return;
    }
    Fact.Join j = fact.joins().get(alias);
    // Compile the ON condition first: it names the joins this one depends on, which must come first.
    for (Expr.Ref r : j.on().refs()) {
      if (r.path().size() == 2 && !r.path().get(0).equals(alias)) {
        needJoin(r.path().get(0));
      }
    }
    joins.add(alias);
  }

  private static String lookupAlias(String name) {
    return "lk_" + name;
  }

  /** The FROM of a scan of this fact (not including joins). */
  From from() {
    if (fact.table() != null) {
      return new From.Table(fact.table(), ROW);
    }
    List<Select> parts = new ArrayList<>();
    for (Fact.UnionPart part : fact.union()) {
      List<Select.Item> items = new ArrayList<>();
      part.columns().forEach((name, e) -> items.add(new Select.Item(plain(e), name)));
      parts.add(new Select(items, new From.Table(part.table(), null), List.of(), part.where() == null ? null : plain(part.where()),
          List.of(), List.of(), false));
    }
    return new From.UnionAll(parts, ROW);
  }

  /** Compiles a union-part expression: bare column names of the part's table, no joins. */
  private static SqlExpr plain(Expr e) {
    if (e instanceof Expr.Ref r) {
      return new SqlExpr.Col(null, r.text());
    }
    if (e instanceof Expr.Literal l) {
      return literal(l.value());
    }
    if (e instanceof Expr.Binary b) {
      return binary(b.op(), plain(b.left()), plain(b.right()));
    }
    if (e instanceof Expr.Unary u) {
      return u.op().equals("not") ? new SqlExpr.Not(plain(u.operand())) : new SqlExpr.Neg(plain(u.operand()));
    }
    if (e instanceof Expr.IsNull n) {
      return new SqlExpr.IsNull(plain(n.operand()), n.negated());
    }
    if (e instanceof Expr.In in) {
      return new SqlExpr.InList(plain(in.operand()), in.values().stream().map(FactCompiler::plain).toList(), in.negated());
    }
    if (e instanceof Expr.Call c) {
      return call(c.function(), c.args().stream().map(FactCompiler::plain).toList());
    }
    throw new QueryException("parameters cannot be used in union columns");
  }

  /**
   * The joins the compiled expressions need, in dependency order: catalog joins, then lookups,
   * then exchange rates. Call after compiling everything of the scan.
   */
  List<Select.Join> joins() {
    List<Select.Join> out = new ArrayList<>();
    // Join ON conditions are compiled here, which can add further joins: repeat until stable.
    Map<String, SqlExpr> compiledOn = new LinkedHashMap<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (String alias : List.copyOf(joins)) {
        if (!compiledOn.containsKey(alias)) {
          compiledOn.put(alias, compile(fact.joins().get(alias).on(), Map.of()));
          grew = true;
        }
      }
    }
    for (String alias : fact.joins().keySet()) {
      if (joins.contains(alias)) {
        Fact.Join j = fact.joins().get(alias);
        out.add(new Select.Join(j.inner() ? "INNER" : "LEFT", new From.Table(j.table(), alias), compiledOn.get(alias)));
      }
    }
    lookups.forEach((alias, use) -> out.add(lookupJoin(alias, use)));
    out.addAll(fxJoins.values());
    return out;
  }

  /**
   * A lookup read with the parameter values of one KPI. Lookups read with parameters compile and
   * join once per distinct set of values; a lookup without parameters, once.
   */
  private record LookupUse(Fact.Lookup lookup, Map<String, Object> params) {
    boolean sameValues(LookupUse other) {
      return lookup.params().stream().allMatch(p -> Objects.equals(params.get(p), other.params.get(p)));
    }
  }

  private Select.Join lookupJoin(String alias, LookupUse use) {
    Fact.Lookup l = use.lookup();
    Map<String, Object> params = use.params();
    Fact from = catalog.facts().get(l.from());
    FactCompiler inner = new FactCompiler(catalog, from, workspaceCurrency, depth + 1);
    if (l.fx() != null) {
      inner.fxDate(inner.compile(l.fx(), Map.of()));
    }
    List<Select.Item> items = new ArrayList<>();
    List<SqlExpr> keys = new ArrayList<>();
    for (int i = 0; i < l.fromKeys().size(); i++) {
      SqlExpr key = inner.compile(l.fromKeys().get(i), Map.of());
      keys.add(key);
      items.add(new Select.Item(key, "k" + (i + 1)));
    }
    SqlExpr value = l.agg().equals("count") && l.expr() == null ? null : inner.compile(l.expr(), params);
    items.add(new Select.Item(new SqlExpr.Agg(l.agg(), value, false, null), "v"));
    SqlExpr where = l.where() == null ? null : inner.compile(l.where(), params);
    if (from.where() != null) {
      where = SqlExpr.and(inner.compile(from.where(), Map.of()), where);
    }
    Select sub = new Select(items, inner.from(), inner.joins(), where, keys, List.of(), false);
    SqlExpr on = null;
    for (int i = 0; i < l.thisKeys().size(); i++) {
      SqlExpr eq = new SqlExpr.Op("=", new SqlExpr.Col(alias, "k" + (i + 1)), compile(l.thisKeys().get(i), Map.of()));
      on = on == null ? eq : new SqlExpr.Op("AND", on, eq);
    }
    return new Select.Join("LEFT", new From.Lookup(sub, alias), on);
  }
}

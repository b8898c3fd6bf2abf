package io.kompass.engine.catalog;

import io.kompass.engine.catalog.YNode.YList;
import io.kompass.engine.catalog.YNode.YMap;
import io.kompass.engine.catalog.YNode.YScalar;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.expr.ExprException;
import io.kompass.engine.expr.ExprParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns YAML nodes into catalog records, collecting every problem with its file and line. */
final class CatalogReader {

  static final Set<String> AGGS = Set.of("count", "count_distinct", "sum", "avg", "min", "max", "median", "percentile");
  static final Set<String> KPI_KEYS =
      Set.of("id", "name", "group", "unit", "direction", "description", "formula", "fact", "anchor", "filter", "terms",
          "numerator", "denominator", "value", "base", "ci", "components", "variants", "params", "guidance", "settles_after_days",
          "whole_periods");
  static final Set<String> COMPONENT_KEYS = Set.of("kpi", "variant", "window_months");
  static final Set<String> TERM_KEYS =
      Set.of("fact", "agg", "expr", "filter", "anchor", "fx_date", "p", "window_months", "period", "state", "require");

  final List<Problem> problems = new ArrayList<>();

  void problem(YNode at, String message) {
    problems.add(new Problem(at.file(), at.line(), message));
  }

  YMap map(YNode node, String what) {
    if (node instanceof YMap m) {
      return m;
    }
    if (node != null) {
      problem(node, what + " must be a mapping (key: value lines)");
    }
    return null;
  }

  String string(YNode node, String what) {
    if (node == null) {
      return null;
    }
    if (node instanceof YScalar s) {
      return s.value();
    }
    problem(node, what + " must be a single value");
    return null;
  }

  String required(YMap m, String key, String what) {
    YNode n = m.get(key);
    String s = string(n, what + " " + key);
    if (s == null || s.isBlank()) {
      problem(m, what + " has no " + key);
    }
    return s;
  }

  /** Splits {@code a = b and c = d} into the left and right keys; false when it has another shape. */
  private static boolean matchKeys(Expr match, List<Expr> left, List<Expr> right) {
    if (match == null) {
      return true; // the parser already reported it
    }
    if (match instanceof Expr.Binary b && b.op().equals("and")) {
      return matchKeys(b.left(), left, right) && matchKeys(b.right(), left, right);
    }
    if (match instanceof Expr.Binary b && b.op().equals("=")) {
      left.add(b.left());
      right.add(b.right());
      return true;
    }
    return false;
  }

  Expr expr(YNode node, String what) {
    String text = string(node, what);
    if (text == null) {
      return null;
    }
    try {
      return ExprParser.parse(text);
    } catch (ExprException e) {
      problem(node, what + ": " + e.getMessage() + (e.position() >= 0 ? " (at character " + (e.position() + 1) + " of \"" + text + "\")" : ""));
      return null;
    }
  }

  Text text(YNode node, String what, boolean required) {
    if (node == null) {
      return required ? missingText(what) : Text.EMPTY;
    }
    if (node instanceof YScalar s) {
      return new Text(s.value(), s.value());
    }
    YMap m = map(node, what);
    if (m == null) {
      return Text.EMPTY;
    }
    for (String key : m.entries().keySet()) {
      if (!key.equals("en") && !key.equals("sv")) {
        problem(m, what + " has an unexpected key '" + key + "': a text has only en and sv (quote texts that contain a comma)");
      }
    }
    String en = string(m.get("en"), what + ".en");
    String sv = string(m.get("sv"), what + ".sv");
    if (required && (en == null || en.isBlank())) {
      problem(m, what + " has no English text (en)");
    }
    if (required && (sv == null || sv.isBlank())) {
      problem(m, what + " has no Swedish text (sv)");
    }
    return new Text(en == null ? "" : en, sv == null ? "" : sv);
  }

  private Text missingText(String what) {
    problems.add(new Problem("?", 0, what + " is missing"));
    return Text.EMPTY;
  }

  List<String> strings(YNode node, String what) {
    if (node == null) {
      return List.of();
    }
    if (node instanceof YScalar s) {
      return s.value() == null ? List.of() : List.of(s.value());
    }
    if (node instanceof YList l) {
      List<String> out = new ArrayList<>();
      for (YNode item : l.items()) {
        String s = string(item, what);
        if (s != null) {
          out.add(s);
        }
      }
      return out;
    }
    problem(node, what + " must be a value or a list");
    return List.of();
  }

  <E extends Enum<E>> E enumValue(YNode node, Class<E> type, E fallback, String what) {
    String s = string(node, what);
    if (s == null) {
      if (node != null || fallback == null) {
        problem(node == null ? new YScalar("?", 0, null) : node, what + " is missing");
      }
      return fallback;
    }
    try {
      return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      problem(node, what + " '" + s + "' is not one of " + String.join(", ", names));
      return fallback;
    }
  }

  // ---- facts -------------------------------------------------------------------------------

  Fact fact(String id, YMap m) {
    String table = string(m.get("table"), "fact " + id + " table");
    List<Fact.UnionPart> union = new ArrayList<>();
    if (m.get("union") instanceof YList l) {
      for (YNode item : l.items()) {
        YMap part = map(item, "union part of fact " + id);
        if (part == null) {
          continue;
        }
        Map<String, Expr> cols = new LinkedHashMap<>();
        YMap cm = map(part.get("columns"), "columns of a union part of " + id);
        if (cm != null) {
          cm.entries().forEach((k, v) -> cols.put(k, expr(v, "union column " + k + " of " + id)));
        }
        union.add(new Fact.UnionPart(required(part, "table", "union part of " + id), expr(part.get("where"), "where of a union part of " + id), cols));
      }
    } else if (m.get("union") != null) {
      problem(m.get("union"), "union of fact " + id + " must be a list");
    }
    if ((table == null) == union.isEmpty()) {
      problem(m, "fact " + id + " needs either table or union (not both)");
    }
    Map<String, Fact.Join> joins = new LinkedHashMap<>();
    YMap jm = map(m.get("joins"), "joins of fact " + id);
    if (jm != null) {
      jm.entries().forEach((alias, node) -> {
        YMap j = map(node, "join " + alias + " of fact " + id);
        if (j != null) {
          joins.put(alias, new Fact.Join(alias, required(j, "table", "join " + alias), expr(j.get("on"), "on of join " + alias),
              "true".equals(string(j.get("inner"), "inner"))));
        }
      });
    }
    Map<String, Fact.Lookup> lookups = new LinkedHashMap<>();
    YMap lm = map(m.get("lookups"), "lookups of fact " + id);
    if (lm != null) {
      lm.entries().forEach((name, node) -> {
        YMap l = map(node, "lookup " + name + " of fact " + id);
        if (l == null) {
          return;
        }
        String match = required(l, "match", "lookup " + name);
        List<Expr> fromKeys = new ArrayList<>();
        List<Expr> thisKeys = new ArrayList<>();
        if (match != null && !matchKeys(expr(l.get("match"), "match of lookup " + name), fromKeys, thisKeys)) {
          problem(l.get("match"), "match of lookup " + name + " must read '<expression over " + string(l.get("from"), "from") + "> = <expression over "
              + id + ">', several joined by 'and'");
        }
        String agg = required(l, "agg", "lookup " + name);
        if (agg != null && !Set.of("min", "max", "count", "sum").contains(agg)) {
          problem(l.get("agg"), "agg of lookup " + name + " must be min, max, count or sum");
        }
        lookups.put(name, new Fact.Lookup(name, required(l, "from", "lookup " + name), fromKeys, thisKeys, agg,
            expr(l.get("expr"), "expr of lookup " + name), expr(l.get("where"), "where of lookup " + name), expr(l.get("fx"), "fx of lookup " + name)));
      });
    }
    return new Fact(id, table, union, joins, lookups, exprMap(m.get("columns"), "column", id), exprMap(m.get("money"), "money column", id),
        exprMap(m.get("dimensions"), "dimension", id), levels(m.get("levels"), id), expr(m.get("where"), "where of fact " + id));
  }

  private Map<String, Expr> exprMap(YNode node, String what, String factId) {
    Map<String, Expr> out = new LinkedHashMap<>();
    YMap m = map(node, what + "s of fact " + factId);
    if (m != null) {
      m.entries().forEach((k, v) -> {
        Expr e = expr(v, what + " " + k + " of fact " + factId);
        if (e != null) {
          out.put(k, e);
        }
      });
    }
    return out;
  }

  private List<Fact.Level> levels(YNode node, String factId) {
    List<Fact.Level> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof YList l)) {
      problem(node, "levels of fact " + factId + " must be a list of {column, dimensions}");
      return out;
    }
    for (YNode item : l.items()) {
      YMap m = map(item, "a level of fact " + factId);
      if (m != null) {
        out.add(new Fact.Level(required(m, "column", "level of " + factId), strings(m.get("dimensions"), "dimensions")));
      }
    }
    return out;
  }

  // ---- KPIs -------------------------------------------------------------------------------

  /** Reads a KPI from its (possibly variant-merged) node. */
  Kpi kpi(YMap m, List<String> variant, Map<String, Object> paramValues) {
    String id = required(m, "id", "KPI");
    String what = "KPI " + id;
    for (String key : m.entries().keySet()) {
      if (!KPI_KEYS.contains(key)) {
        problem(m.get(key), what + ": unknown key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(KPI_KEYS)) + ")");
      }
    }
    String fact = string(m.get("fact"), what + " fact");
    Expr anchor = expr(m.get("anchor"), what + " anchor");
    Expr filter = expr(m.get("filter"), what + " filter");
    Map<String, Kpi.Term> terms = new LinkedHashMap<>();
    YMap tm = map(m.get("terms"), what + " terms");
    if (tm != null) {
      tm.entries().forEach((name, node) -> {
        Kpi.Term t = term(id, name, node, fact, anchor, filter);
        if (t != null) {
          terms.put(name, t);
        }
      });
    }
    Map<String, Kpi.Component> components = new LinkedHashMap<>();
    YMap cm = map(m.get("components"), what + " components");
    if (cm != null) {
      cm.entries().forEach((alias, node) -> {
        YMap c = map(node, "component " + alias + " of " + id);
        if (c != null) {
          for (String key : c.entries().keySet()) {
            if (!COMPONENT_KEYS.contains(key)) {
              problem(c.get(key), what + ": component " + alias + ": unknown key '" + key + "' (known: "
                  + String.join(", ", new java.util.TreeSet<>(COMPONENT_KEYS)) + "; a component takes its KPI's parameter defaults)");
            }
          }
          components.put(alias, new Kpi.Component(alias, required(c, "kpi", "component " + alias), strings(c.get("variant"), "variant"),
              integer(c.get("window_months"), "window_months of component " + alias)));
        }
      });
    }
    Expr numerator = expr(m.get("numerator"), what + " numerator");
    Expr denominator = expr(m.get("denominator"), what + " denominator");
    Expr value = expr(m.get("value"), what + " value");
    if (value == null && numerator != null && denominator != null) {
      value = new Expr.Binary("/", numerator, denominator);
    }
    if (value == null) {
      problem(m, what + " needs value, or numerator and denominator");
    }
    String base = string(m.get("base"), what + " base");
    if (base == null) {
      base = defaultBase(denominator, value, terms);
    }
    Map<String, Kpi.Variant> variants = new LinkedHashMap<>();
    YMap vm = map(m.get("variants"), what + " variants");
    if (vm != null) {
      vm.entries().forEach((vid, node) -> {
        YMap v = map(node, "variant " + vid + " of " + id);
        if (v != null) {
          variants.put(vid, new Kpi.Variant(vid, text(v.get("label"), "label of variant " + vid + " of " + id, true),
              text(v.get("formula"), "formula of variant " + vid + " of " + id, false)));
        }
      });
    }
    Map<String, Kpi.Param> params = new LinkedHashMap<>();
    YMap pm = map(m.get("params"), what + " params");
    if (pm != null) {
      pm.entries().forEach((pid, node) -> {
        YMap p = map(node, "param " + pid + " of " + id);
        if (p == null) {
          return;
        }
        String type = string(p.get("type"), "type of param " + pid);
        if (type == null || !Set.of("integer", "number", "text", "list").contains(type)) {
          problem(p, "param " + pid + " of " + id + " needs type integer, number, text or list");
          type = "text";
        }
        Object def = p.get("default") instanceof YList l ? strings(l, "default") : string(p.get("default"), "default");
        // A number's default is a number (2, not "2"), in the catalog's JSON as in the query; one that is not is a mistake
        // here. A whole number stays whole (10000, not 10000.0), also for type number.
        if (def instanceof String text && (type.equals("integer") || type.equals("number"))) {
          try {
            BigDecimal n = new BigDecimal(text.trim());
            boolean whole = n.stripTrailingZeros().scale() <= 0;
            if (type.equals("integer") && !whole) {
              throw new NumberFormatException(text);
            }
            def = whole ? (Object) n.longValueExact() : (Object) n.doubleValue();
          } catch (NumberFormatException | ArithmeticException e) {
            problem(p.get("default"), "default of param " + pid + " of " + id + " must be "
                + (type.equals("integer") ? "a whole number" : "a number") + ", not '" + text + "'");
          }
        }
        if (p.get("description") == null) {
          problem(p, "param " + pid + " of " + id + " needs a description (en and sv)");
        }
        params.put(pid, new Kpi.Param(pid, type, def, strings(p.get("allowed"), "allowed"),
            text(p.get("description"), "description of param " + pid, false)));
      });
    }
    Kpi.Guidance guidance = null;
    YMap gm = map(m.get("guidance"), what + " guidance");
    if (gm != null) {
      guidance = new Kpi.Guidance(text(gm.get("why"), what + " guidance.why", true), text(gm.get("pitfalls"), what + " guidance.pitfalls", true),
          strings(gm.get("read_with"), "read_with"), text(gm.get("read_with_why"), what + " guidance.read_with_why", true),
          text(gm.get("remedies"), what + " guidance.remedies", true));
    } else {
      problem(m, what + " has no guidance (why, pitfalls, read_with, read_with_why, remedies)");
    }
    CiMethod ci = enumValue(m.get("ci"), CiMethod.class, CiMethod.NONE, what + " ci");
    return new Kpi(id, text(m.get("name"), what + " name", true), defaulted(string(m.get("group"), "group"), "extra"),
        enumValue(m.get("unit"), Unit.class, Unit.NUMBER, what + " unit"),
        enumValue(m.get("direction"), Direction.class, Direction.HIGHER, what + " direction"),
        text(m.get("description"), what + " description", true), text(m.get("formula"), what + " formula", true), terms, numerator,
        denominator, value, base, ci, components, variants, params, guidance, variant, paramValues,
        integer(m.get("settles_after_days"), what + " settles_after_days"),
        "true".equals(string(m.get("whole_periods"), what + " whole_periods")));
  }

  private static String defaulted(String s, String d) {
    return s == null ? d : s;
  }

  /** The term a KPI's sample size comes from: the denominator's only term, else the value's first term. */
  private static String defaultBase(Expr denominator, Expr value, Map<String, Kpi.Term> terms) {
    for (Expr e : new Expr[] {denominator, value}) {
      List<String> refs = new ArrayList<>();
      collectRefs(e, refs);
      for (String r : refs) {
        if (terms.containsKey(r)) {
          return r;
        }
      }
    }
    return null;
  }

  static void collectRefs(Expr e, List<String> out) {
    if (e != null) {
      e.refs().forEach(r -> out.add(r.text()));
    }
  }

  private Kpi.Term term(String kpi, String name, YNode node, String fact, Expr anchor, Expr kpiFilter) {
    YMap m = map(node, "term " + name + " of " + kpi);
    if (m == null) {
      return null;
    }
    String what = "term " + name + " of " + kpi;
    for (String key : m.entries().keySet()) {
      if (!TERM_KEYS.contains(key)) {
        problem(m.get(key), what + ": unknown key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(TERM_KEYS)) + ")");
      }
    }
    String agg = required(m, "agg", what);
    if (agg != null && !AGGS.contains(agg)) {
      problem(m.get("agg"), what + ": agg '" + agg + "' is not one of " + String.join(", ", new java.util.TreeSet<>(AGGS)));
    }
    Expr expr = expr(m.get("expr"), what + " expr");
    if (agg != null && !agg.equals("count") && expr == null) {
      problem(m, what + ": agg " + agg + " needs an expr");
    }
    Expr filter = expr(m.get("filter"), what + " filter");
    if (kpiFilter != null) {
      filter = filter == null ? kpiFilter : new Expr.Binary("and", kpiFilter, filter);
    }
    String termFact = m.get("fact") != null ? string(m.get("fact"), what + " fact") : fact;
    if (termFact == null) {
      problem(m, what + " has no fact (set fact on the term or the KPI)");
    }
    Expr termAnchor = m.get("anchor") != null ? expr(m.get("anchor"), what + " anchor") : (m.get("fact") != null ? null : anchor);
    Expr state = expr(m.get("state"), what + " state");
    if (termAnchor == null && state == null) {
      problem(m, what + " has no anchor date (set anchor on the term or the KPI)");
    }
    Double p = null;
    if (m.get("p") != null) {
      try {
        p = Double.parseDouble(string(m.get("p"), "p"));
      } catch (NumberFormatException | NullPointerException e) {
        problem(m.get("p"), what + ": p must be a number between 0 and 1");
      }
    }
    if ("percentile".equals(agg) && (p == null || p <= 0 || p >= 1)) {
      problem(m, what + ": percentile needs p between 0 and 1");
    }
    String period = string(m.get("period"), "period");
    int shift = 0;
    if (period != null) {
      switch (period) {
        case "current" -> shift = 0;
        case "previous" -> shift = 1;
        case "next" -> shift = -1;
        default -> problem(m.get("period"), what + ": period must be current, previous or next");
      }
    }
    List<Expr> require = new ArrayList<>();
    for (String r : strings(m.get("require"), "require")) {
      try {
        require.add(ExprParser.parse(r));
      } catch (ExprException e) {
        problem(m.get("require"), what + " require: " + e.getMessage());
      }
    }
    return new Kpi.Term(name, termFact, agg == null ? "count" : agg, expr, filter, termAnchor, expr(m.get("fx_date"), what + " fx_date"), p,
        integer(m.get("window_months"), what + " window_months"), shift, state, require);
  }

  Integer integer(YNode node, String what) {
    String s = string(node, what);
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      problem(node, what + " must be a whole number");
      return null;
    }
  }
}

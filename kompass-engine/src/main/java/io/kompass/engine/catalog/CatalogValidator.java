package io.kompass.engine.catalog;

import io.kompass.engine.catalog.YNode.YMap;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.query.QueryException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a loaded catalog before anything runs: every fact, table, join, column, lookup,
 * parameter, term and KPI reference resolves; each KPI's confidence-interval method fits its
 * terms; each variant applies cleanly; guidance exists in both languages.
 */
final class CatalogValidator {

  private final Catalog catalog;
  private final List<Problem> problems = new ArrayList<>();

  CatalogValidator(Catalog catalog) {
    this.catalog = catalog;
  }

  List<Problem> validate() {
    Map<String, YMap> nodes = catalog.kpiNodes();
    for (Fact f : catalog.facts().values()) {
      validateFact(f, factWhere(f.id()));
    }
    for (Kpi k : catalog.kpis()) {
      YMap node = nodes.get(k.id());
      int before = problems.size();
      validateKpi(k, node);
      if (problems.size() > before) {
        continue; // the variants would repeat the same mistakes
      }
      Set<String> read = new HashSet<>();
      Map<String, Set<String>> unread = new java.util.LinkedHashMap<>();
      terms(k, "the KPI", read, unread);
      for (String v : k.variants().keySet()) {
        // A variant's mistakes point at the variant (at its own term where it has one), not at the KPI's first line.
        YNode at = child(node, "variants", v);
        try {
          Kpi variant = catalog.resolve(k.id(), List.of(v), Map.of());
          validateKpi(variant, at instanceof YMap m ? m : node);
          terms(variant, "variant " + v, read, unread);
        } catch (QueryException e) {
          add(at, e.getMessage());
        }
      }
      // A term a variant brings in that neither the KPI nor any variant reads is most likely misspelt where it was meant
      // to replace one (a variant's "wonn" for "won"): the variant would give the KPI's own numbers under its label.
      // Only a term a variant brings in: the KPI's own terms are computed and shown in the JSON whether read or not.
      unread.forEach((term, where) -> {
        if (!read.contains(term) && !k.terms().containsKey(term)) {
          add(node, "KPI " + k.id() + ": term " + term + " (in " + String.join(", ", where) + ") is read by neither a numerator, a"
              + " denominator, a value nor a base; is it misspelt?");
        }
      });
    }
    return problems;
  }

  /** Adds the terms one version of a KPI reads to {@code read}, and where each term it has is defined to {@code unread}. */
  private static void terms(Kpi k, String version, Set<String> read, Map<String, Set<String>> unread) {
    read.addAll(k.baseTerms());
    for (Expr e : new Expr[] {k.numerator(), k.denominator(), k.value()}) {
      List<String> refs = new ArrayList<>();
      CatalogReader.collectRefs(e, refs);
      read.addAll(refs);
    }
    for (String t : k.terms().keySet()) {
      unread.computeIfAbsent(t, x -> new java.util.LinkedHashSet<>()).add(version);
    }
  }

  private YNode factWhere(String id) {
    return new YNode.YScalar("catalog", 0, null);
  }

  private void add(YNode at, String message) {
    problems.add(new Problem(at == null ? "catalog" : at.file(), at == null ? 0 : at.line(), message));
  }

  private void validateFact(Fact f, YNode at) {
    String what = "fact " + f.id();
    if (f.table() != null && !CanonicalModel.hasTable(f.table())) {
      add(at, what + ": no canonical table " + f.table());
    }
    for (Fact.UnionPart part : f.union()) {
      if (!CanonicalModel.hasTable(part.table())) {
        add(at, what + ": no canonical table " + part.table());
        continue;
      }
      if (!part.columns().keySet().equals(f.union().get(0).columns().keySet())) {
        add(at, what + ": every union part must define the same columns as the first");
      }
      List<String> cols = CanonicalModel.storedColumns(part.table());
      for (Expr e : part.columns().values()) {
        checkPlainColumns(e, cols, what + " union part " + part.table(), at);
      }
      if (part.where() != null) {
        checkPlainColumns(part.where(), cols, what + " union part " + part.table(), at);
      }
    }
    FactScope scope = new FactScope(f);
    for (Fact.Join j : f.joins().values()) {
      if (!CanonicalModel.hasTable(j.table())) {
        add(at, what + ": join " + j.alias() + " names no canonical table " + j.table());
      } else if (j.on() != null) {
        checkRefs(j.on(), scope, Set.of(), what + " join " + j.alias(), at);
      }
    }
    for (Fact.Lookup l : f.lookups().values()) {
      Fact from = catalog.facts().get(l.from());
      if (from == null) {
        add(at, what + ": lookup " + l.name() + " reads from unknown fact " + l.from());
        continue;
      }
      FactScope fromScope = new FactScope(from);
      for (Expr k : l.fromKeys()) {
        checkRefs(k, fromScope, Set.of(), what + " lookup " + l.name() + " match (" + l.from() + " side)", at);
      }
      for (Expr k : l.thisKeys()) {
        checkRefs(k, scope, Set.of(), what + " lookup " + l.name() + " match (" + f.id() + " side)", at);
      }
      // Parameters are the reading KPI's: checked where a KPI reads the lookup.
      checkRefs(l.expr(), fromScope, l.params(), what + " lookup " + l.name(), at);
      checkRefs(l.where(), fromScope, l.params(), what + " lookup " + l.name(), at);
      checkRefs(l.fx(), fromScope, Set.of(), what + " lookup " + l.name() + " fx", at);
    }
    f.columns().forEach((name, e) -> checkRefs(e, scope, Set.of(), what + " column " + name, at));
    f.money().forEach((name, e) -> {
      if (scope.resolve(List.of(name.split("\\."))).isEmpty()) {
        add(at, what + ": money column " + name + " does not exist");
      }
      checkRefs(e, scope, Set.of(), what + " money " + name, at);
    });
    f.dimensions().forEach((dim, e) -> {
      if (!catalog.dimensions().containsKey(dim)) {
        add(at, what + ": dimension " + dim + " is not declared under dimensions");
      }
      checkRefs(e, scope, Set.of(), what + " dimension " + dim, at);
    });
    for (Fact.Level level : f.levels()) {
      for (String dim : level.dimensions()) {
        if (!f.dimensions().containsKey(dim)) {
          add(at, what + ": level dimension " + dim + " is not one of its dimensions");
        }
      }
      if (!scope.ownColumns().contains(level.column())) {
        add(at, what + ": level column " + level.column() + " does not exist");
      }
    }
    if (f.where() != null) {
      checkRefs(f.where(), scope, Set.of(), what + " where", at);
    }
  }

  private void checkPlainColumns(Expr e, List<String> columns, String what, YNode at) {
    List<String> refs = new ArrayList<>();
    CatalogReader.collectRefs(e, refs);
    for (String r : refs) {
      if (!columns.contains(r)) {
        add(at, what + ": no column " + r);
      }
    }
  }

  private void checkRefs(Expr e, FactScope scope, Set<String> params, String what, YNode at) {
    if (e == null) {
      return;
    }
    if (e instanceof Expr.Ref r && scope.resolve(r.path()).isEmpty()) {
      add(at, what + ": '" + r.text() + "' is not known in fact " + scope.fact().id() + " (it has " + scope.offer() + ")");
    }
    if (e instanceof Expr.Param p && !params.contains(p.name())) {
      add(at, what + ": unknown parameter $" + p.name());
    }
    for (Expr c : e.children()) {
      checkRefs(c, scope, params, what, at);
    }
  }

  /** The parameters the lookups read by {@code e} need, through derived columns and nested lookups. */
  private void lookupParams(Fact f, Expr e, Set<String> out, int depth) {
    if (e == null || depth > 8) {
      return;
    }
    FactScope scope = new FactScope(f);
    for (Expr.Ref r : e.refs()) {
      Optional<FactScope.Target> t = scope.resolve(r.path());
      if (t.isPresent() && t.get() instanceof FactScope.Target.Derived d) {
        lookupParams(f, f.columns().get(d.name()), out, depth + 1);
      } else if (t.isPresent() && t.get() instanceof FactScope.Target.Looked l) {
        Fact.Lookup lookup = f.lookups().get(l.name());
        out.addAll(lookup.params());
        Fact from = catalog.facts().get(lookup.from());
        if (from != null) {
          lookupParams(from, lookup.expr(), out, depth + 1);
          lookupParams(from, lookup.where(), out, depth + 1);
        }
      }
    }
  }

  private void validateKpi(Kpi k, YMap node) {
    String what = "KPI " + k.id() + (k.variant().isEmpty() ? "" : " variant " + k.variantLabel());
    if (!Set.of("core", "guide", "extra").contains(k.group())) {
      add(node, what + ": group must be core, guide or extra");
    }
    Set<String> params = k.params().keySet();
    for (Kpi.Term t : k.terms().values()) {
      YNode at = child(node, "terms", t.name());
      Fact f = catalog.facts().get(t.fact());
      if (f == null) {
        add(at, what + " term " + t.name() + ": unknown fact " + t.fact() + " (facts: " + String.join(", ", catalog.facts().keySet()) + ")");
        continue;
      }
      FactScope scope = new FactScope(f);
      String tw = what + " term " + t.name();
      for (Expr e : new Expr[] {t.expr(), t.filter(), t.anchor(), t.fxDate(), t.state()}) {
        checkRefs(e, scope, params, tw, at);
      }
      t.require().forEach(e -> checkRefs(e, scope, params, tw, at));
      Set<String> needed = new java.util.TreeSet<>();
      for (Expr e : new Expr[] {t.expr(), t.filter(), t.anchor()}) {
        lookupParams(f, e, needed, 0);
      }
      needed.removeAll(params);
      if (!needed.isEmpty()) {
        add(at, tw + ": reads a lookup that needs parameter(s) " + needed.stream().map(p -> "$" + p).toList() + ", which the KPI does not declare");
      }
      if (t.pointInTime() && !f.id().equals("deal_history")) {
        add(at, tw + ": point-in-time terms (with state) must use the deal_history fact");
      }
      if (t.pointInTime() && !Set.of("count", "sum").contains(t.agg())) {
        add(at, tw + ": a point-in-time term counts or sums (agg count or sum)");
      }
    }
    Set<String> names = new HashSet<>(k.terms().keySet());
    names.addAll(k.components().keySet());
    for (Expr e : new Expr[] {k.numerator(), k.denominator(), k.value()}) {
      List<String> refs = new ArrayList<>();
      CatalogReader.collectRefs(e, refs);
      for (String r : refs) {
        if (!names.contains(r)) {
          add(node, what + ": formula refers to '" + r + "', which is neither a term nor a component (" + String.join(", ", names) + ")");
        }
      }
    }
    for (Kpi.Component c : k.components().values()) {
      if (!catalog.hasKpi(c.kpi())) {
        add(node, what + ": component " + c.alias() + " names unknown KPI " + c.kpi());
      } else if (c.kpi().equals(k.id()) || catalog.dependencies(c.kpi()).contains(k.id())) {
        add(node, what + ": component " + c.alias() + " makes the KPI depend on itself");
      } else {
        for (String v : c.variant()) {
          if (!v.equals("default") && !catalog.variantsOf(c.kpi()).contains(v)) {
            add(node, what + ": component " + c.alias() + ": " + c.kpi() + " has no variant '" + v + "' (its variants: "
                + String.join(", ", catalog.variantsOf(c.kpi())) + ")");
          }
        }
      }
    }

    if (!k.isDerived() && (k.base() == null || !k.terms().keySet().containsAll(k.baseTerms()))) {
      add(node, what + ": base '" + k.base() + "' is not one of its terms (or several joined by +)");
    }
    if (k.baseTerms().size() > 1 && (k.ci() == CiMethod.MEAN || k.ci() == CiMethod.QUANTILE)) {
      add(node, what + ": ci " + k.ci().name().toLowerCase(java.util.Locale.ROOT) + " needs a single base term");
    }
    Kpi.Term base = k.baseTerm();
    switch (k.ci()) {
      case WILSON -> {
        if (k.numerator() == null || k.denominator() == null || !onlyCounts(k, k.numerator()) || !onlyCounts(k, k.denominator())) {
          add(node, what + ": ci wilson needs a numerator and a denominator made of count terms");
        }
      }
      case MEAN -> {
        if (base == null || !base.agg().equals("avg")) {
          add(node, what + ": ci mean needs a base term with agg avg");
        }
      }
      case QUANTILE -> {
        if (base == null || !base.ranked()) {
          add(node, what + ": ci quantile needs a base term with agg median or percentile");
        }
      }
      case NPS -> {
        if (!k.terms().keySet().containsAll(Set.of("promoters", "detractors", "responses"))) {
          add(node, what + ": ci nps needs terms promoters, detractors and responses");
        }
      }
      case NONE -> {}
    }
    if (k.guidance() != null) {
      for (String other : k.guidance().readWith()) {
        if (!catalog.hasKpi(other)) {
          add(child(node, "guidance", "read_with"), what + ": guidance read_with names unknown KPI " + other);
        }
      }
    }
  }

  /** The node at a path below {@code node}, or {@code node} itself when the path is not there. */
  private static YNode child(YNode node, String... path) {
    YNode cur = node;
    for (String key : path) {
      if (!(cur instanceof YMap m) || m.get(key) == null) {
        return node;
      }
      cur = m.get(key);
    }
    return cur;
  }

  private static boolean onlyCounts(Kpi k, Expr e) {
    for (Expr.Ref r : e.refs()) {
      Kpi.Term t = k.terms().get(r.text());
      if (t == null || !(t.agg().equals("count") || t.agg().equals("count_distinct"))) {
        return false;
      }
    }
    return true;
  }
}

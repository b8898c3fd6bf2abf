package io.kompass.engine.catalog;

import io.kompass.engine.catalog.YNode.YList;
import io.kompass.engine.catalog.YNode.YMap;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The loaded catalog: built-in files from the jar, then any user catalog files on top. A user
 * KPI with the id of a built-in one is overlaid on it (to change a parameter default, a filter,
 * a text); a new id adds a KPI.
 */
public final class Catalog {

  /** The built-in catalog files, in load order. */
  public static final List<String> BUILTIN_FILES = List.of("facts.yaml", "kpis-core.yaml", "kpis-guide.yaml");

  private static final String BUILTIN_DIR = "/io/kompass/engine/catalog/builtin/";

  private final Map<String, Fact> facts;
  private final Map<String, Dimension> dimensions;
  private final Map<String, YMap> kpiNodes;
  private final Map<String, Kpi> kpis;

  private Catalog(Map<String, Fact> facts, Map<String, Dimension> dimensions, Map<String, YMap> kpiNodes, Map<String, Kpi> kpis) {
    this.facts = facts;
    this.dimensions = dimensions;
    this.kpiNodes = kpiNodes;
    this.kpis = kpis;
  }

  /** The built-in catalog. */
  public static Catalog builtin() {
    return load(null);
  }

  /**
   * Loads the built-in catalog and, when {@code userDir} is not null, every {@code *.yaml} file in
   * it (sorted by name).
   *
   * @throws CatalogException listing every problem found, as file:line: message
   */
  public static Catalog load(Path userDir) {
    List<YNode> roots = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (String name : BUILTIN_FILES) {
      try (InputStream in = Catalog.class.getResourceAsStream(BUILTIN_DIR + name)) {
        if (in == null) {
          throw new IllegalStateException("built-in catalog file " + name + " is missing from the jar");
        }
        roots.add(YNode.parse("builtin/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read built-in catalog file " + name, e);
      } catch (CatalogException e) {
        problems.addAll(e.problems());
      }
    }
    if (userDir != null) {
      if (!Files.isDirectory(userDir)) {
        throw new CatalogException(List.of(new Problem(userDir.toString(), 0, "user catalog folder does not exist")));
      }
      try (Stream<Path> files = Files.list(userDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
          try {
            roots.add(YNode.parse(f.toString(), Files.readString(f)));
          } catch (CatalogException e) {
            problems.addAll(e.problems());
          }
        }
      } catch (IOException e) {
        throw new CatalogException(List.of(new Problem(userDir.toString(), 0, "cannot read user catalog: " + e.getMessage())));
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(problems);
    }
    return assemble(roots);
  }

  /** Builds a catalog from parsed files (also used by tests with inline YAML). */
  static Catalog assemble(List<YNode> roots) {
    CatalogReader reader = new CatalogReader();
    Map<String, YMap> factNodes = new LinkedHashMap<>();
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    Map<String, YMap> kpiNodes = new LinkedHashMap<>();
    // The file of each KPI a user file defines: user files may overlay a built-in KPI (several of them, key by key), but
    // two user files that both define a new id (a copied file that kept its id) would be merged into a KPI neither of
    // them describes.
    Map<String, String> userKpis = new LinkedHashMap<>();
    Set<String> builtinKpis = new java.util.HashSet<>();
    for (YNode root : roots) {
      YMap top = reader.map(root, "a catalog file");
      if (top == null) {
        continue;
      }
      for (String key : top.entries().keySet()) {
        if (!Set.of("facts", "dimensions", "kpis").contains(key)) {
          reader.problem(top.get(key), "unknown section '" + key + "' (a catalog file has facts, dimensions and kpis)");
        }
      }
      YMap fm = reader.map(top.get("facts"), "facts");
      if (fm != null) {
        fm.entries().forEach((id, node) -> {
          YMap m = reader.map(node, "fact " + id);
          if (m != null) {
            factNodes.merge(id, m, (a, b) -> (YMap) YNode.merge(a, b));
          }
        });
      }
      YMap dm = reader.map(top.get("dimensions"), "dimensions");
      if (dm != null) {
        dm.entries().forEach((id, node) -> {
          YMap m = reader.map(node, "dimension " + id);
          if (m != null) {
            dimensions.put(id, new Dimension(id, reader.text(m.get("name"), "name of dimension " + id, true)));
          }
        });
      }
      if (top.get("kpis") instanceof YList list) {
        for (YNode item : list.items()) {
          YMap m = reader.map(item, "a KPI");
          if (m == null) {
            continue;
          }
          String id = reader.string(m.get("id"), "id");
          if (id == null || !id.matches("[a-z][a-z0-9_]*")) {
            reader.problem(m, "KPI id must be lower_case_with_underscores, got " + id);
            continue;
          }
          boolean builtin = m.file() != null && m.file().startsWith("builtin/");
          if (builtin) {
            builtinKpis.add(id);
          } else if (!builtinKpis.contains(id)) {
            String earlier = userKpis.putIfAbsent(id, m.file() + ":" + m.line());
            if (earlier != null) {
              reader.problem(m, "KPI " + id + " is defined again (first at " + earlier + "); give this one another id");
              continue;
            }
          }
          kpiNodes.merge(id, m, (a, b) -> (YMap) YNode.merge(a, b));
        }
      } else if (top.get("kpis") != null) {
        reader.problem(top.get("kpis"), "kpis must be a list (each item starting with '- id: ...')");
      }
    }
    Map<String, Fact> facts = new LinkedHashMap<>();
    factNodes.forEach((id, m) -> facts.put(id, reader.fact(id, m)));
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpiNodes.forEach((id, m) -> kpis.put(id, reader.kpi(m, List.of(), defaults(reader, m))));
    if (!reader.problems.isEmpty()) {
      throw new CatalogException(reader.problems);
    }
    Catalog catalog = new Catalog(facts, dimensions, kpiNodes, kpis);
    List<Problem> problems = new CatalogValidator(catalog).validate();
    if (!problems.isEmpty()) {
      throw new CatalogException(problems);
    }
    return catalog;
  }

  private static Map<String, Object> defaults(CatalogReader reader, YMap m) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (m.get("params") instanceof YMap pm) {
      pm.entries().forEach((k, v) -> {
        if (v instanceof YMap p) {
          YNode d = p.get("default");
          out.put(k, d instanceof YList l ? reader.strings(l, "default") : d == null ? null : reader.string(d, "default"));
        }
      });
    }
    return out;
  }

  public Map<String, Fact> facts() {
    return facts;
  }

  public Map<String, Dimension> dimensions() {
    return dimensions;
  }

  /** Every KPI in its default variant, in catalog order. */
  public List<Kpi> kpis() {
    return List.copyOf(kpis.values());
  }

  public Kpi kpi(String id) {
    Kpi k = kpis.get(id);
    if (k == null) {
      throw new QueryException("no KPI '" + id + "'; run `kompass kpi list` to see the catalog", "unknown_kpi", id);
    }
    return k;
  }

  public boolean hasKpi(String id) {
    return kpis.containsKey(id);
  }

  /**
   * The KPI with variants applied in order and parameter values set (given as text).
   *
   * @throws QueryException when a variant or parameter is unknown, a value is not allowed, or two
   *     variants change the same setting
   */
  public Kpi resolve(String id, List<String> variants, Map<String, String> params) {
    Kpi plain = kpi(id);
    YMap node = kpiNodes.get(id);
    Map<String, String> setBy = new LinkedHashMap<>();
    YNode merged = node;
    for (String v : variants) {
      if (v.equals("default")) {
        continue;
      }
      YMap vm = node.get("variants") instanceof YMap all && all.get(v) instanceof YMap one ? one : null;
      if (vm == null) {
        String known = "default" + (plain.variants().isEmpty() ? "" : ", " + String.join(", ", plain.variants().keySet()));
        throw new QueryException("KPI " + id + " has no variant '" + v + "'; its variants are: " + known, "unknown_variant", id, v, known);
      }
      Map<String, YNode> overlay = new LinkedHashMap<>(vm.entries());
      overlay.remove("label");
      overlay.remove("formula");
      for (String path : leafPaths("", new YMap(vm.file(), vm.line(), overlay))) {
        String other = setBy.put(path, v);
        if (other != null) {
          throw new QueryException("variants " + other + " and " + v + " of " + id + " both change " + path + "; use one of them");
        }
      }
      merged = YNode.merge(merged, new YMap(vm.file(), vm.line(), overlay));
    }
    CatalogReader reader = new CatalogReader();
    Map<String, Object> values = defaults(reader, (YMap) merged);
    params.forEach((name, text) -> {
      Kpi.Param p = plain.params().get(name);
      if (p == null) {
        throw new QueryException("KPI " + id + " has no parameter '" + name + "'"
            + (plain.params().isEmpty() ? "" : "; its parameters are: " + String.join(", ", plain.params().keySet())));
      }
      values.put(name, text);
    });
    values.replaceAll((name, raw) -> typed(id, plain.params().get(name), raw));
    List<String> applied = variants.stream().filter(v -> !v.equals("default")).toList();
    Kpi k = reader.kpi((YMap) merged, applied, values);
    if (!reader.problems.isEmpty()) {
      throw new QueryException("variant " + String.join("+", applied) + " of " + id + " is broken: " + reader.problems);
    }
    return k.withFormula(withParams(formulaOf(plain, applied), values));
  }

  /** A formula with each {@code $param} it names replaced by the value in use, so that what is shown is what ran. */
  private static Text withParams(Text formula, Map<String, Object> values) {
    if (formula == null || values.isEmpty()) {
      return formula;
    }
    String en = formula.en();
    String sv = formula.sv();
    // Longest names first, so that $min_days is not read as $min followed by "_days".
    List<String> names = values.keySet().stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    for (String name : names) {
      Object v = values.get(name);
      if (v == null) {
        continue;
      }
      String shown = v instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
          : v instanceof Double d ? java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(v);
      en = en == null ? null : en.replace("$" + name, shown);
      sv = sv == null ? null : sv.replace("$" + name, shown);
    }
    return new Text(en, sv);
  }

  /** A single variant's own formula; for several, the default formula with the variants named. */
  private static Text formulaOf(Kpi plain, List<String> applied) {
    if (applied.isEmpty()) {
      return plain.formula();
    }
    if (applied.size() == 1) {
      Kpi.Variant v = plain.variants().get(applied.get(0));
      if (v.formula() != null && !v.formula().en().isBlank()) {
        return v.formula();
      }
    }
    StringBuilder en = new StringBuilder(plain.formula().en()).append(" — variant: ");
    StringBuilder sv = new StringBuilder(plain.formula().sv()).append(" — variant: ");
    for (int i = 0; i < applied.size(); i++) {
      Kpi.Variant v = plain.variants().get(applied.get(i));
      en.append(i == 0 ? "" : " + ").append(v.label().en());
      sv.append(i == 0 ? "" : " + ").append(v.label().sv());
    }
    return new Text(en.toString(), sv.toString());
  }

  private static Object typed(String kpi, Kpi.Param p, Object raw) {
    if (raw == null) {
      return null;
    }
    try {
      Object v =
          switch (p.type()) {
            case "integer" -> Long.valueOf(raw.toString().trim());
            case "number" -> Double.valueOf(raw.toString().trim());
            case "list" -> raw instanceof List<?> l ? List.copyOf(l) : List.of(raw.toString().split("\\s*,\\s*"));
            default -> raw.toString();
          };
      if (!p.allowed().isEmpty()) {
        List<?> given = v instanceof List<?> l ? l : List.of(v);
        for (Object o : given) {
          if (!p.allowed().contains(o.toString())) {
            throw new QueryException("parameter " + p.name() + " of " + kpi + " does not allow '" + o + "'; allowed: " + String.join(", ", p.allowed()),
                "param_not_allowed", p.name(), kpi, o.toString(), String.join(", ", p.allowed()));
          }
        }
      }
      return v;
    } catch (NumberFormatException e) {
      boolean whole = p.type().equals("integer");
      throw new QueryException("parameter " + p.name() + " of " + kpi + " must be " + (whole ? "a whole number" : "a number") + ", got '" + raw + "'",
          whole ? "param_not_whole" : "param_not_number", p.name(), kpi, String.valueOf(raw));
    }
  }

  private static List<String> leafPaths(String prefix, YNode node) {
    List<String> out = new ArrayList<>();
    if (node instanceof YMap m) {
      m.entries().forEach((k, v) -> out.addAll(leafPaths(prefix.isEmpty() ? k : prefix + "." + k, v)));
    } else {
      out.add(prefix);
    }
    return out;
  }

  /** The dimensions a KPI (default variant) can be grouped and filtered by: those every fact it reads has. */
  public List<String> dimensionsOf(String id) {
    Kpi k = kpi(id);
    List<String> out = new ArrayList<>(dimensions.keySet());
    for (Kpi.Term t : k.terms().values()) {
      Fact f = facts.get(t.fact());
      out.retainAll(f == null ? List.of() : f.dimensions().keySet());
    }
    for (Kpi.Component c : k.components().values()) {
      out.retainAll(dimensionsOf(c.kpi()));
    }
    return out;
  }

  /** The names of a KPI's variants, for listing. */
  public List<String> variantsOf(String id) {
    return List.copyOf(kpi(id).variants().keySet());
  }

  /**
   * The KPIs {@code ids} with the variants and parameters that apply to each, as the CLI and the API
   * take them. A variant is 'by_value' (for every KPI that has it) or 'win_rate:by_value', several
   * joined by '+' ('default' names none); a parameter is 'name=value' (for every KPI that has it) or
   * 'kpi:name=value'. A variant or parameter that applies to none of the KPIs is an error, named
   * after the option it came in: {@code option} is "--" for the CLI's options, "" for query
   * parameters.
   */
  public List<KpiRequest> requests(List<String> ids, List<String> variants, List<String> params, String option) {
    Map<String, List<String>> variantsFor = new LinkedHashMap<>();
    Map<String, Map<String, String>> paramsFor = new LinkedHashMap<>();
    for (String id : ids) {
      kpi(id);
      variantsFor.put(id, new ArrayList<>());
      paramsFor.put(id, new LinkedHashMap<>());
    }
    for (String v : variants) {
      int colon = v.indexOf(':');
      String target = colon >= 0 ? v.substring(0, colon) : null;
      List<String> names = List.of(v.substring(colon + 1).split("\\+"));
      List<String> named = names.stream().filter(n -> !n.equals("default")).toList();
      boolean used = named.isEmpty() && target == null;
      for (String id : ids) {
        if (target != null ? target.equals(id) : kpi(id).variants().keySet().containsAll(named)) {
          variantsFor.get(id).addAll(named);
          used = true;
        }
      }
      if (!used) {
        throw new QueryException(option + "variant " + v + ": " + (target != null ? target + " is not among the KPIs asked for"
            : "none of the KPIs asked for has it; " + describeVariants(ids)));
      }
    }
    for (String p : params) {
      int colon = p.indexOf(':');
      int eq = p.indexOf('=');
      String target = colon >= 0 && colon < eq ? p.substring(0, colon) : null;
      String rest = target != null ? p.substring(colon + 1) : p;
      eq = rest.indexOf('=');
      if (eq <= 0) {
        throw new QueryException(option + "param " + p + ": write name=value or kpi:name=value");
      }
      String name = rest.substring(0, eq);
      boolean used = false;
      for (String id : ids) {
        if (target != null ? target.equals(id) : kpi(id).params().containsKey(name)) {
          paramsFor.get(id).put(name, rest.substring(eq + 1));
          used = true;
        }
      }
      if (!used) {
        throw new QueryException(option + "param " + p + ": "
            + (target != null ? target + " is not among the KPIs asked for" : "none of the KPIs asked for has a parameter " + name));
      }
    }
    return ids.stream().map(id -> new KpiRequest(id, variantsFor.get(id), paramsFor.get(id))).toList();
  }

  /**
   * Whether a term's values cannot be negative: a stored amount of money, which the import keeps at 0
   * or more (converted at positive rates). A mean of such values has no interval below 0.
   */
  public boolean nonNegative(Kpi.Term t) {
    Fact f = t == null ? null : facts().get(t.fact());
    if (f == null || !(t.expr() instanceof io.kompass.engine.expr.Expr.Ref r) || r.path().size() != 1) {
      return false;
    }
    String column = r.path().get(0);
    return f.money().containsKey(column) && !f.columns().containsKey(column);
  }

  /** Which variants the KPIs have, for a message: "win_rate has by_value, all_created; cac has marketing_only, all_costs". */
  private String describeVariants(List<String> ids) {
    return ids.stream().distinct()
        .map(id -> variantsOf(id).isEmpty() ? id + " has no variants" : id + " has " + String.join(", ", variantsOf(id)))
        .collect(java.util.stream.Collectors.joining("; "));
  }

  Map<String, YMap> kpiNodes() {
    return kpiNodes;
  }

  /** Ids of KPIs that the given derived KPI needs, transitively. */
  Set<String> dependencies(String id) {
    Set<String> out = new HashSet<>();
    for (Kpi.Component c : kpi(id).components().values()) {
      if (out.add(c.kpi()) && hasKpi(c.kpi())) {
        out.addAll(dependencies(c.kpi()));
      }
    }
    return out;
  }
}

package io.kompass.engine.ingest;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A mapping from the columns of other CSV or Excel files to the canonical tables; see
 * {@code docs/connectors.md} for the format. The vendor presets shipped with Kompass are mappings
 * too, with a {@code match} section that recognises their files by the header.
 *
 * @param id the preset's id (file name without .yaml), or the mapping file's name
 * @param name what the files are, shown in the import's output
 * @param sourceSystem recorded as the source system of every row
 * @param idPrefix put in front of every id and reference read from a column, so ids of different
 *     systems cannot collide
 * @param dates day/month order of dates: auto, dmy, mdy or ymd
 * @param decimal decimal separator: auto, point or comma
 * @param files named input files: key to file name (a glob such as {@code deals*.csv} is allowed)
 * @param match headers that must all be present for a preset to be chosen (empty for mapping files)
 * @param stages stage rules: stage name to status (open, won, lost), also written to pipeline_stages
 * @param loads what each canonical table is loaded from
 * @param origin the mapping file, or {@code null} for a preset
 */
record Mapping(
    String id,
    String name,
    String sourceSystem,
    String idPrefix,
    String dates,
    String decimal,
    Map<String, String> files,
    List<String> match,
    List<Stage> stages,
    List<Load> loads,
    Path origin) {

  /** A stage rule. */
  record Stage(String pipeline, String stage, String status, Boolean qualified, Double probability) {}

  /**
   * One canonical table loaded from one file.
   *
   * @param table the canonical table
   * @param file the key of the file in {@link Mapping#files()}, or {@code null} for the only file
   * @param joins lookups in other files: alias to join
   * @param where SQL condition selecting the rows that load, or {@code null}
   * @param distinct whether repeated mapped rows collapse into one
   * @param columns canonical column (or {@code close_date}) to where its value comes from
   * @param unpivot for stage history carried as one date column per stage, or {@code null}
   */
  record Load(
      String table,
      String file,
      Map<String, Join> joins,
      String where,
      boolean distinct,
      Map<String, Value> columns,
      Unpivot unpivot,
      String removeWhen) {}

  /** A lookup: rows of another file matched on equal keys (compared ignoring case and spaces). */
  record Join(String file, Map<String, String> on) {}

  /** Stage-history columns such as HubSpot's {@code Date entered "Closed Won (Sales Pipeline)"}. */
  record Unpivot(String pattern, List<String> id) {}

  /**
   * Where one canonical value comes from. Exactly one of {@code columns}, {@code value} and
   * {@code expr} is set.
   *
   * @param columns candidate headers, the first present is used
   * @param join the join alias whose file holds {@code columns}, or {@code null} for the main file
   * @param value a constant
   * @param expr a SQL expression over the file's columns
   * @param values value map (keys compared ignoring case and surrounding spaces); key {@code *} maps every other value
   * @param otherwise used when the source is empty
   * @param formats strptime formats of a date column, or empty
   * @param byName for a reference: the column holds a name; match the referenced row by name or create it
   * @param ensure for a reference holding an id: create a placeholder row when the id is unknown, named by this column
   * @param optional whether a missing column is fine (otherwise the file is refused when the column is required)
   */
  record Value(
      List<String> columns,
      String join,
      String value,
      String expr,
      Map<String, String> values,
      String otherwise,
      List<String> formats,
      boolean byName,
      List<String> ensure,
      boolean optional) {}

  static final Set<String> DATE_ORDERS = Set.of("auto", "dmy", "mdy", "ymd");
  static final Set<String> DECIMALS = Set.of("auto", "point", "comma");

  /** Reads a mapping file. */
  static Mapping read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(load(r, file.toString()), file.getFileName().toString().replaceFirst("\\.ya?ml$", ""), file.toString(), file);
    } catch (IOException e) {
      throw new ImportFailedException("cannot read mapping file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a preset shipped in the jar. */
  static Mapping preset(String id) {
    String resource = "/io/kompass/engine/ingest/presets/" + id + ".yaml";
    try (InputStream in = Mapping.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing preset " + resource);
      }
      return parse(load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), resource), id, resource, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read preset " + resource, e);
    }
  }

  private static Object load(Reader r, String where) {
    try {
      LoaderOptions options = new LoaderOptions();
      DumperOptions dumper = new DumperOptions();
      return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new PlainResolver()).load(r);
    } catch (RuntimeException e) {
      throw new ImportFailedException(where + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "), e);
    }
  }

  private static Mapping parse(Object doc, String id, String where, Path origin) {
    Map<String, Object> m = map(doc, where);
    allow(m, where, "name", "source_system", "id_prefix", "dates", "decimal", "files", "match", "stages", "load", "description");
    String name = str(m.get("name"), where + ": name");
    String source = str(m.get("source_system"), where + ": source_system");
    if (source == null || source.isBlank()) {
      throw new ImportFailedException(where + ": source_system is missing; name the system the data comes from, e.g. source_system: crm");
    }
    String dates = lower(str(m.getOrDefault("dates", "auto"), where + ": dates"));
    if (!DATE_ORDERS.contains(dates)) {
      throw new ImportFailedException(where + ": dates: '" + dates + "' is not one of auto, dmy, mdy, ymd");
    }
    String decimal = lower(str(m.getOrDefault("decimal", "auto"), where + ": decimal"));
    if (!DECIMALS.contains(decimal)) {
      throw new ImportFailedException(where + ": decimal: '" + decimal + "' is not one of auto, point, comma");
    }
    Map<String, String> files = new LinkedHashMap<>();
    if (m.get("files") != null) {
      map(m.get("files"), where + ": files").forEach((k, v) -> files.put(k, str(v, where + ": files: " + k)));
    }
    List<String> match = strings(m.get("match"), where + ": match");
    List<Stage> stages = new ArrayList<>();
    for (Object o : list(m.get("stages"), where + ": stages")) {
      Map<String, Object> s = map(o, where + ": stages");
      allow(s, where + ": stages", "pipeline", "stage", "status", "qualified", "probability");
      String stage = str(s.get("stage"), where + ": stages: stage");
      String status = lower(str(s.get("status"), where + ": stages: status"));
      if (stage == null || !CanonicalModel.DEAL_STATUSES.contains(status)) {
        throw new ImportFailedException(where + ": stages: each entry needs a stage and a status (open, won or lost): " + s);
      }
      Object q = s.get("qualified");
      Object p = s.get("probability");
      stages.add(new Stage(str(s.getOrDefault("pipeline", "default"), where), stage, status,
          q == null ? null : Boolean.valueOf(q.toString()), p == null ? null : Double.valueOf(p.toString())));
    }
    List<Load> loads = new ArrayList<>();
    for (Object o : list(m.get("load"), where + ": load")) {
      loads.add(load(map(o, where + ": load"), where, files));
    }
    if (loads.isEmpty()) {
      throw new ImportFailedException(where + ": load is missing: list the tables to load, e.g. load: [{table: deals, columns: {...}}]");
    }
    return new Mapping(id, name == null ? id : name, source, str(m.getOrDefault("id_prefix", ""), where), dates, decimal,
        files, match, stages, loads, origin);
  }

  private static Load load(Map<String, Object> l, String where, Map<String, String> files) {
    allow(l, where + ": load", "table", "file", "join", "where", "distinct", "columns", "unpivot", "description", "remove_when");
    String table = str(l.get("table"), where + ": load: table");
    if (table == null || !CanonicalModel.hasTable(table)) {
      throw new ImportFailedException(where + ": load: table '" + table + "' is not a canonical table; use one of "
          + String.join(", ", CanonicalModel.tables().stream().map(Table::name).toList()));
    }
    String w = where + ": " + table;
    String file = str(l.get("file"), w + ": file");
    if (file != null && !files.containsKey(file)) {
      throw new ImportFailedException(w + ": file '" + file + "' is not listed under files");
    }
    if (file == null && files.size() > 1) {
      throw new ImportFailedException(w + ": say which file it is loaded from (file: one of " + String.join(", ", files.keySet()) + ")");
    }
    Map<String, Join> joins = new LinkedHashMap<>();
    if (l.get("join") != null) {
      map(l.get("join"), w + ": join").forEach((alias, j) -> {
        Map<String, Object> jm = map(j, w + ": join: " + alias);
        allow(jm, w + ": join: " + alias, "file", "on");
        String jf = str(jm.get("file"), w + ": join: " + alias + ": file");
        if (jf == null || !files.containsKey(jf)) {
          throw new ImportFailedException(w + ": join: " + alias + ": file '" + jf + "' is not listed under files");
        }
        Map<String, String> on = new LinkedHashMap<>();
        map(jm.get("on"), w + ": join: " + alias + ": on").forEach((k, v) -> on.put(k, str(v, w)));
        if (on.isEmpty()) {
          throw new ImportFailedException(w + ": join: " + alias + ": on needs at least one pair <column of this file>: <column of the joined file>");
        }
        joins.put(alias, new Join(jf, on));
      });
    }
    Table t = CanonicalModel.table(table);
    Map<String, Value> columns = new LinkedHashMap<>();
    map(l.get("columns"), w + ": columns").forEach((col, spec) -> {
      boolean known = t.column(col).isPresent() || (table.equals("deals") && col.equals("close_date")) || col.equals("source_system");
      if (!known) {
        throw new ImportFailedException(w + ": columns: '" + col + "' is not a column of " + table + "; its columns are "
            + String.join(", ", t.columns().stream().map(Column::name).toList()) + (table.equals("deals") ? ", close_date" : ""));
      }
      columns.put(col, value(spec, w + ": columns: " + col, joins.keySet()));
    });
    Unpivot unpivot = null;
    if (l.get("unpivot") != null) {
      Map<String, Object> u = map(l.get("unpivot"), w + ": unpivot");
      unpivot = new Unpivot(str(u.get("pattern"), w + ": unpivot: pattern"), strings(u.get("id"), w + ": unpivot: id"));
    }
    String removeWhen = str(l.get("remove_when"), w + ": remove_when");
    if (removeWhen != null && !t.hasIdKey()) {
      throw new ImportFailedException(w + ": remove_when needs a table whose rows have an id");
    }
    if (removeWhen != null && l.get("where") == null) {
      throw new ImportFailedException(w + ": remove_when needs a where that leaves those rows out, e.g. where: \"NOT (" + removeWhen + ")\"");
    }
    return new Load(table, file, joins, str(l.get("where"), w + ": where"), Boolean.TRUE.equals(l.get("distinct")), columns, unpivot,
        removeWhen);
  }

  private static Value value(Object spec, String where, Set<String> joins) {
    if (spec instanceof String || spec instanceof List<?>) {
      return new Value(strings(spec, where), null, null, null, Map.of(), null, List.of(), false, List.of(), false);
    }
    if (!(spec instanceof Map<?, ?>)) {
      throw new ImportFailedException(where + ": give a column name, a list of candidate column names, or a map with column, value or expr");
    }
    Map<String, Object> m = map(spec, where);
    allow(m, where, "column", "join", "value", "expr", "values", "default", "format", "by_name", "ensure", "optional");
    List<String> columns = strings(m.get("column"), where + ": column");
    String value = m.get("value") == null ? null : String.valueOf(m.get("value"));
    String expr = str(m.get("expr"), where + ": expr");
    int given = (columns.isEmpty() ? 0 : 1) + (m.containsKey("value") ? 1 : 0) + (expr == null ? 0 : 1);
    if (given != 1) {
      throw new ImportFailedException(where + ": give exactly one of column, value and expr");
    }
    if (expr != null && expr.contains(";")) {
      throw new ImportFailedException(where + ": expr must be a single SQL expression (no ';')");
    }
    String join = str(m.get("join"), where + ": join");
    if (join != null && !joins.contains(join)) {
      throw new ImportFailedException(where + ": join '" + join + "' is not declared under join");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (m.get("values") != null) {
      map(m.get("values"), where + ": values").forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
    }
    String otherwise = m.get("default") == null ? null : String.valueOf(m.get("default"));
    Object ensure = m.get("ensure");
    List<String> ensureNames = ensure == null || Boolean.FALSE.equals(ensure) ? List.of()
        : Boolean.TRUE.equals(ensure) ? List.of("") : strings(ensure, where + ": ensure");
    return new Value(columns, join, value, expr, values, otherwise, strings(m.get("format"), where + ": format"),
        Boolean.TRUE.equals(m.get("by_name")), ensureNames, Boolean.TRUE.equals(m.get("optional")));
  }

  // ---- small YAML helpers ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String where) {
    if (o == null) {
      return new LinkedHashMap<>();
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new ImportFailedException(where + ": expected a map of key: value");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static List<?> list(Object o, String where) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw new ImportFailedException(where + ": expected a list");
    }
    return l;
  }

  private static List<String> strings(Object o, String where) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(o));
  }

  private static String str(Object o, String where) {
    if (o == null) {
      return null;
    }
    if (o instanceof Map<?, ?> || o instanceof List<?>) {
      throw new ImportFailedException(where + ": expected a single value");
    }
    return String.valueOf(o);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static void allow(Map<String, Object> m, String where, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new ImportFailedException(where + ": unknown key '" + k + "'; allowed: " + String.join(", ", keys));
      }
    }
  }

  /**
   * Reads {@code yes}, {@code no}, {@code on}, {@code off} and dates as text (as YAML 1.2 does), so
   * value maps such as {@code yes: won} mean what they say. Only true and false are booleans.
   */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
      addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Pattern.compile("^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}

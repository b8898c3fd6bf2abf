package io.kompass.engine.ingest;

import static io.kompass.engine.ingest.Sql.ident;
import static io.kompass.engine.ingest.Sql.lit;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Column;
import io.kompass.engine.model.ColumnType;
import io.kompass.engine.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the {@link Source}s of a batch: canonical files map column by column; exports and
 * mapped files go through their {@link Mapping}. Everything ends up as SQL over DuckDB's CSV
 * reader, so a mapped file loads as fast as a canonical one.
 */
final class Sources {

  private Sources() {}

  /**
   * The filter of a stage history taken from one date column per stage: a stage without a date was not entered. Its
   * empty cells are not rows of the file, so they are not reported as rows the filter left out.
   */
  static final String STAGE_DATE_GIVEN = "NULLIF(trim(src._at), '') IS NOT NULL";

  /** {@code {Column name}} in an expression: a column of the file, by its header (no quotes or colons inside). */
  private static final Pattern COLUMN_REF = Pattern.compile("\\{([^{}':]+)\\}");

  /**
   * A preset's load with its {@code where} and {@code remove_when} left out when they name only columns the file does not
   * have (a Salesforce extract without IsDeleted): they would hold for every row or none, and a filter costs the file a
   * read into a table of its own.
   */
  static Mapping.Load withoutAbsentConditions(Mapping.Load load, List<String> header) {
    String where = absent(load.where(), header) ? null : load.where();
    String remove = absent(load.removeWhen(), header) ? null : load.removeWhen();
    return where == load.where() && remove == load.removeWhen() ? load
        : new Mapping.Load(load.table(), load.file(), load.joins(), where, load.distinct(), load.columns(), load.unpivot(), remove);
  }

  /** Whether an expression names columns as {@code {Header}}, and the file has none of them. */
  private static boolean absent(String expr, List<String> header) {
    return expr != null && COLUMN_REF.matcher(expr).find() && !expr.contains("_line") && !expr.contains("\"")
        && headersNamed(expr, header).isEmpty();
  }

  /** The headers of the file that an expression names as {@code {Header}} or {@code {Header A|Header B}}. */
  static List<String> headersNamed(String expr, List<String> header) {
    List<String> out = new ArrayList<>();
    Matcher m = COLUMN_REF.matcher(expr);
    while (m.find()) {
      String h = m.group(1).matches("\\d+(,\\d*)?") ? null : Headers.find(header, List.of(m.group(1).split("\\|")));
      if (h != null && !out.contains(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /** Canonical CSV file: each canonical column from the header column of the same name. */
  static Source canonical(CsvFile file, Table table, InputFile input, String sourceSystem, int seq) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (Column col : table.columns()) {
      String header = file.headerFor(col.name());
      if (header != null) {
        raw.put(col.name(), "NULLIF(trim(src." + ident(header) + "), '')");
      }
    }
    String sourceHeader = file.headerFor("source_system");
    String ss = sourceHeader == null ? lit(sourceSystem)
        : "coalesce(NULLIF(trim(src." + ident(sourceHeader) + "), ''), " + lit(sourceSystem) + ")";
    List<Map.Entry<String, String>> shown = file.header().stream()
        .map(CsvFile::normalise)
        .filter(h -> table.column(h).isPresent())
        .distinct()
        .map(h -> Map.entry(h, "_r_" + h))
        .toList();
    String rejects = "kompass_" + seq + "_rej";
    return new Source(file.displayName(), file.path(), null, table, input.readCsv(rejects) + " src", raw, ss, null, false,
        Source.Lines.ORDER, rejects, true, shown, Formats.CANONICAL, 0, file.ignoredColumns(), List.of(), null, input.readCsv(null) + " src", null,
        file.headerFor("status"));
  }

  /** What a mapping needs to know about the import. */
  /**
   * What a mapping's sources are built with.
   *
   * @param currency the workspace currency, which amounts in the CRM's company currency are taken to be in
   * @param warnings where notes for the user go (read as the import's warnings)
   */
  record Context(String sourceSystem, String dates, String decimal, Map<String, String> stageOverrides, String currency, List<String> warnings,
      List<LookupCheck> lookups) {}

  /**
   * A lookup of a mapping file (a join to a second file) and a query counting the rows it finds nothing for, with the
   * first key that found nothing: such a row loads, with the looked-up values empty, so the import says how many.
   */
  record LookupCheck(String file, String alias, String joined, String sql) {
    String message(long rows, String example) {
      return file + ": " + rows + (rows == 1 ? " row finds" : " rows find") + " nothing in " + joined + " for the lookup '" + alias
          + "' (e.g. '" + example + "'); the values taken from it are empty for " + (rows == 1 ? "it" : "them");
    }
  }

  /** Headers of amounts converted into the CRM account's own currency (HubSpot's company currency, Salesforce's corporate currency). */
  private static final Pattern COMPANY_CURRENCY = Pattern.compile("(?i).*(company currency|corporate currency|home currency|\\(converted\\)).*");

  /**
   * The sources of one mapping over its files.
   *
   * @param files the input file of each file key of the mapping (the only file under key {@code ""} for presets)
   * @param formats the formats of each input file
   * @param seq a counter for unique temporary names
   */
  static List<Source> mapped(Mapping m, Map<String, InputFile> files, Map<InputFile, Formats> formats, Context ctx, int[] seq) {
    List<Source> out = new ArrayList<>();
    Map<String, String> stageRules = new LinkedHashMap<>();
    for (Mapping.Stage s : m.stages()) {
      stageRules.put(s.stage().toLowerCase(Locale.ROOT).strip(), s.status());
    }
    ctx.stageOverrides().forEach((k, v) -> stageRules.put(k.toLowerCase(Locale.ROOT).strip(), v.toLowerCase(Locale.ROOT)));
    Set<InputFile> reported = new LinkedHashSet<>();
    Map<InputFile, Set<String>> usedByFile = new LinkedHashMap<>();
    Map<InputFile, Integer> lastOfFile = new LinkedHashMap<>();
    for (Mapping.Load load : m.loads()) {
      InputFile main = files.get(load.file() == null ? files.keySet().iterator().next() : load.file());
      if (main == null) {
        continue;
      }
      Builder b = new Builder(m, load, main, files, ctx, stageRules, seq);
      Source s = b.build(formats.getOrDefault(main, Formats.CANONICAL), !reported.contains(main));
      if (s == null) {
        continue;
      }
      if (s.reportsRejects()) {
        reported.add(main);
      }
      out.addAll(b.auxiliary);
      out.add(s);
      usedByFile.computeIfAbsent(main, k -> new LinkedHashSet<>()).addAll(b.used);
      lastOfFile.put(main, out.size() - 1);
    }
    // Columns no load of the file uses are reported once, with the file's last table.
    for (int i = 0; i < out.size(); i++) {
      Source s = out.get(i);
      InputFile f = lastOfFile.entrySet().stream().filter(e -> e.getValue() == null ? false : out.get(e.getValue()) == s)
          .map(Map.Entry::getKey).findFirst().orElse(null);
      List<String> ignored = f == null ? List.of()
          : f.header.stream().filter(h -> !h.isBlank() && !usedByFile.get(f).contains(h)).toList();
      out.set(i, new Source(s.label(), s.path(), s.kind(), s.table(), s.from(), s.raw(), s.sourceSystem(), s.where(), s.distinct(),
          s.lines(), s.rejects(), s.reportsRejects(), s.shown(), s.formats(), s.lineOffset(), ignored, s.byNames(), s.known(), s.reread(), s.removals(),
          s.statusColumn()));
    }
    if (!m.stages().isEmpty()) {
      out.add(0, stages(m, ctx));
    }
    return out;
  }

  /** The pipeline_stages rows a mapping declares. */
  private static Source stages(Mapping m, Context ctx) {
    Table t = CanonicalModel.table("pipeline_stages");
    List<String> rows = new ArrayList<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (Mapping.Stage s : m.stages()) {
      int pos = positions.merge(s.pipeline(), 1, Integer::sum);
      rows.add("(" + lit(s.pipeline()) + ", " + lit(s.stage()) + ", " + lit(String.valueOf(pos)) + ", " + lit(s.status()) + ", "
          + (s.qualified() == null ? "NULL" : lit(s.qualified().toString())) + ", "
          + (s.probability() == null ? "NULL" : lit(s.probability().toString())) + ")");
    }
    Map<String, String> raw = new LinkedHashMap<>();
    for (String c : List.of("pipeline", "stage", "position", "status", "qualified", "probability")) {
      raw.put(c, "src." + c);
    }
    String label = m.origin() == null ? m.id() : m.origin().getFileName().toString();
    return new Source(label, m.origin(), m.name(), t,
        "(VALUES " + String.join(", ", rows) + ") src(pipeline, stage, position, status, qualified, probability)", raw,
        lit(ctx.sourceSystem()), null, false, Source.Lines.NONE, null, false, List.of(), Formats.CANONICAL, 0, List.of());
  }

  /** Builds one load's source and the placeholder rows it needs in referenced tables. */
  private static final class Builder {
    final Mapping m;
    final Mapping.Load load;
    final InputFile main;
    final Map<String, InputFile> files;
    final Context ctx;
    final Map<String, String> stageRules;
    final int[] seq;
    final Table table;
    final List<Source> auxiliary = new ArrayList<>();
    final Set<String> used = new LinkedHashSet<>();
    final List<Source.ByName> nameJoins = new ArrayList<>();

    Builder(Mapping m, Mapping.Load load, InputFile main, Map<String, InputFile> files, Context ctx, Map<String, String> stageRules, int[] seq) {
      this.m = m;
      this.load = load;
      this.main = main;
      this.files = files;
      this.ctx = ctx;
      this.stageRules = stageRules;
      this.seq = seq;
      this.table = CanonicalModel.table(load.table());
    }

    String what() {
      return main.label + (m.origin() == null ? " (" + m.name() + ")" : " (mapping " + m.origin().getFileName() + ")");
    }

    Source build(Formats formats, boolean firstOfFile) {
      if (load.unpivot() != null && unpivot(load.unpivot()) == null) {
        return null; // the export has no stage-date columns
      }
      Map<String, String> raw = new LinkedHashMap<>();
      String from;
      String where = loadWhere();
      Source.Lines lines;
      String rejects;
      boolean reportsRejects;
      boolean indexed = main.materialised() || load.where() != null || !load.joins().isEmpty() || load.distinct()
          || load.unpivot() != null || mentionsLine();
      if (indexed) {
        main.materialise();
        from = main.indexedFrom();
        lines = Source.Lines.INDEX;
        rejects = main.rejects();
        reportsRejects = firstOfFile;
      } else {
        rejects = "kompass_m" + (++seq[0]) + "_rej";
        from = main.readCsv(rejects) + " src";
        lines = Source.Lines.ORDER;
        reportsRejects = true;
      }
      String nonEmpty = main.nonEmptyCondition();
      if (nonEmpty != null) {
        where = where == null ? nonEmpty : where + " AND " + nonEmpty;
      }
      if (load.unpivot() != null) {
        from = unpivot(load.unpivot());
        if (from == null) {
          return null;
        }
        where = STAGE_DATE_GIVEN;
        raw.put("deal_id", prefixed("NULLIF(trim(src._id), '')"));
        raw.put("stage", "src._stage");
        raw.put("entered_at", "NULLIF(trim(src._at), '')");
      }
      for (Map.Entry<String, Mapping.Join> j : load.joins().entrySet()) {
        InputFile jf = files.get(j.getValue().file());
        List<String> conds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> on : j.getValue().on().entrySet()) {
          String left = header(main, List.of(on.getKey()), "join " + j.getKey());
          String right = header(jf, List.of(on.getValue()), "join " + j.getKey());
          used.add(left);
          conds.add(key("src." + ident(left)) + " = " + key(j.getKey() + "." + ident(right)));
          keys.add(key(ident(right)));
        }
        // Rows of the joined file with the wrong shape are left out: their values sit in the wrong columns.
        from += " LEFT JOIN (SELECT * FROM " + jf.readCsv(null) + " WHERE _kompass_shape IS NULL QUALIFY row_number() OVER (PARTITION BY "
            + String.join(", ", keys) + ") = 1) " + j.getKey() + " ON " + String.join(" AND ", conds);
        Map.Entry<String, String> firstOn = j.getValue().on().entrySet().iterator().next();
        String leftKey = "NULLIF(trim(src." + ident(header(main, List.of(firstOn.getKey()), "join " + j.getKey())) + "), '')";
        String filter = loadWhere();
        ctx.lookups().add(new LookupCheck(main.label, j.getKey(), jf.label,
            "SELECT count(*), min(" + leftKey + ") FROM " + from + " WHERE " + leftKey + " IS NOT NULL AND " + j.getKey() + "."
                + ident(header(jf, List.of(firstOn.getValue()), "join " + j.getKey())) + " IS NULL"
                + (filter == null ? "" : " AND " + filter)));
      }
      Map<String, Mapping.Value> specs = load.columns();
      for (Column col : table.columns()) {
        Mapping.Value v = specs.get(col.name());
        if (v == null) {
          continue;
        }
        String expr = value(col, v);
        if (expr != null) {
          raw.put(col.name(), expr);
        } else if (col.required() && col.defaultValue() == null) {
          throw new ImportFailedException(what() + ": no column for " + table.name() + "." + col.name() + ", which is required;"
              + " expected one of: " + String.join(", ", v.columns()) + ". Its header is: " + String.join(", ", main.header));
        }
      }
      // A status read from a column of its own (Pipedrive's "Deal - Status": a lost deal keeps its stage) is not the stage's
      // meaning: a stage given with --stage only sets the status of rows without one.
      Mapping.Value statusSpec = specs.get("status");
      Mapping.Value stageSpec = specs.get("stage");
      String statusColumn = table.name().equals("deals") && statusSpec != null && statusSpec.expr() == null && stageSpec != null
          && java.util.Collections.disjoint(statusSpec.columns(), stageSpec.columns()) ? Headers.find(main.header, statusSpec.columns()) : null;
      if (!stageRules.isEmpty() && raw.containsKey("stage") && (table.name().equals("deals") || table.name().equals("deal_stage_history"))) {
        String own = raw.getOrDefault("status", "CAST(NULL AS VARCHAR)");
        StringBuilder c = new StringBuilder("CASE lower(" + raw.get("stage") + ")");
        stageRules.forEach((stage, status) -> c.append(" WHEN ").append(lit(stage)).append(" THEN ").append(lit(status)));
        c.append(" ELSE ").append(own).append(" END");
        raw.put("status", statusColumn == null ? c.toString() : "coalesce(" + own + ", " + c + ")");
      }
      if (table.name().equals("deals") && specs.containsKey("close_date")) {
        String close = text(specs.get("close_date"), "close_date", null);
        String status = raw.getOrDefault("status", "CAST(NULL AS VARCHAR)");
        if (close != null) {
          raw.putIfAbsent("closed_at", "CASE WHEN lower(" + status + ") IN ('won', 'lost') THEN " + close + " END");
          raw.putIfAbsent("expected_close_at", "CASE WHEN lower(" + status + ") = 'open' THEN " + close + " END");
        }
      }
      if (table.column("currency").isPresent() && table.column("amount").isPresent()) {
        pairCurrencyWithAmount(specs.get("amount"), specs.get("currency"), raw);
        // Exports without a currency column hold amounts in the company's (workspace) currency; a stage-history row's
        // amount without one is in its deal's currency.
        String cur = raw.get("currency");
        if (!table.name().equals("deal_stage_history")) {
          raw.put("currency", cur == null ? "CASE WHEN " + raw.getOrDefault("amount", "NULL") + " IS NOT NULL THEN " + lit(ctx.currency()) + " END"
              : "coalesce(" + cur + ", CASE WHEN " + raw.getOrDefault("amount", "NULL") + " IS NOT NULL THEN " + lit(ctx.currency()) + " END)");
        }
      }
      for (Column col : table.columns()) {
        if (table.key().contains(col.name()) && !raw.containsKey(col.name())) {
          throw new ImportFailedException(what() + ": the mapping gives no value for " + table.name() + "." + col.name()
              + ", which identifies its rows");
        }
      }
      String ss = specs.containsKey("source_system") ? "coalesce(" + text(specs.get("source_system"), "source_system", null) + ", "
          + lit(ctx.sourceSystem()) + ")" : lit(ctx.sourceSystem());
      List<Map.Entry<String, String>> shown = new ArrayList<>();
      if (load.unpivot() != null) {
        shown.add(Map.entry("id", "src._id"));
        shown.add(Map.entry("stage", "src._stage"));
        shown.add(Map.entry("entered", "src._at"));
      } else {
        for (String h : main.header) {
          if (used.contains(h)) {
            shown.add(Map.entry(h, "src." + ident(h)));
          }
        }
      }
      // A required column the mapping does not map at all would quarantine every row as "missing": say so instead.
      for (Column col : table.columns()) {
        if (col.required() && col.defaultValue() == null && !raw.containsKey(col.name()) && !ColumnChecks.fills(table.name(), col.name())) {
          throw new ImportFailedException(what() + ": " + table.name() + "." + col.name() + " is required, but the mapping does not say"
              + " where it comes from; add '" + col.name() + ": <header>' to the columns of its " + table.name() + " load. The file's header"
              + " is: " + String.join(", ", main.header));
        }
      }
      List<String> ignored = load.unpivot() != null ? List.of()
          : main.header.stream().filter(h -> !used.contains(h) && !h.isBlank()).toList();
      return new Source(main.label, main.path, m.name(), table, from, raw, ss, where, load.distinct(), lines, rejects, reportsRejects,
          shown, formats, main.lineOffset, ignored, nameJoins, null, lines == Source.Lines.ORDER ? main.readCsv(null) + " src" : null,
          removals(from, raw.get("id")), statusColumn);
    }

    /** The ids of the rows the file marks as removed (the load's {@code remove_when}), as a query, or null. */
    String removals(String from, String id) {
      if (load.removeWhen() == null || id == null) {
        return null;
      }
      String when = "(" + columnRefs(load.removeWhen()).replace("_line", "(src._idx + 2 + " + main.lineOffset + ")") + ")";
      return "SELECT DISTINCT " + id + " FROM " + from + " WHERE " + when + " AND " + id + " IS NOT NULL";
    }

    /** The load's row filter as SQL over the source, or {@code null}. */
    String loadWhere() {
      return load.where() == null ? null
          : "(" + columnRefs(load.where()).replace("_line", "(src._idx + 2 + " + main.lineOffset + ")") + ")";
    }

    private boolean mentionsLine() {
      return load.columns().values().stream().anyMatch(v -> v.expr() != null && v.expr().contains("_line"))
          || (load.where() != null && load.where().contains("_line"));
    }

    /** The raw text of one canonical column, or {@code null} when its columns are absent. */
    String value(Column col, Mapping.Value v) {
      if (v.byName()) {
        return byName(col, v);
      }
      String text = text(v, col.name(), col);
      if (text == null) {
        return null;
      }
      if (col.type() == ColumnType.ID && v.value() == null) {
        text = prefixed(text);
      }
      if (!v.ensure().isEmpty() && col.references() != null) {
        ensure(col, v, text);
      }
      return text;
    }

    /** An expression with the contents of its 'texts' blanked out; "quoted names" keep theirs (an apostrophe there is no text). */
    static String withoutTexts(String e) {
      StringBuilder out = new StringBuilder();
      boolean name = false;
      boolean text = false;
      for (int i = 0; i < e.length(); i++) {
        char ch = e.charAt(i);
        if (!text && ch == '"') {
          name = !name;
        } else if (!name && ch == '\'') {
          text = !text;
          out.append(ch);
          continue;
        }
        if (!text) {
          out.append(ch);
        }
      }
      return out.toString();
    }

    /**
     * Gives the amount the currency of its own column. An export may hold several amounts with their
     * currencies (Salesforce: {@code Amount (converted)} and {@code Amount (converted) Currency} beside
     * {@code Opportunity Currency}); the currency must be the chosen amount's.
     */
    private void pairCurrencyWithAmount(Mapping.Value amount, Mapping.Value currency, Map<String, String> raw) {
      if (amount == null || amount.columns().isEmpty() || amount.join() != null) {
        return;
      }
      String chosen = Headers.find(main.header, amount.columns());
      if (chosen == null) {
        return;
      }
      String own = Headers.find(main.header, List.of(chosen + " Currency"));
      if (own != null) {
        used.add(own);
        raw.put("currency", "NULLIF(trim(src." + ident(own) + "), '')");
      } else if (COMPANY_CURRENCY.matcher(chosen).matches() && raw.containsKey("currency") && currency != null
          && !currency.columns().isEmpty() && currency.join() == null) {
        // The deal's currency column says what the deal was sold in, not what this converted amount is in (a currency
        // the mapping gives as a value or an expression is taken as given).
        raw.remove("currency");
        ctx.warnings().add(main.label + ": amounts are read from '" + chosen + "', which is in the CRM's company currency, and taken as "
            + ctx.currency() + ", the workspace currency; if the company currency is another, add the deals' own amount column to the"
            + " export.");
      }
    }

    String prefixed(String text) {
      return m.idPrefix().isEmpty() ? text : "(" + lit(m.idPrefix()) + " || " + text + ")";
    }

    /** Text of a value spec with its value map, default and formats applied. */
    String text(Mapping.Value v, String what, Column col) {
      String base;
      if (!v.columns().isEmpty()) {
        InputFile f = v.join() == null ? main : files.get(load.joins().get(v.join()).file());
        String h = Headers.find(f.header, v.columns());
        if (h == null) {
          return v.otherwise() == null ? null : lit(v.otherwise());
        }
        if (v.join() == null) {
          used.add(h);
        }
        base = "NULLIF(trim(" + (v.join() == null ? "src" : v.join()) + "." + ident(h) + "), '')";
      } else if (v.value() != null) {
        base = v.value().isEmpty() ? "CAST(NULL AS VARCHAR)" : lit(v.value());
      } else {
        String e = columnRefs(v.expr()).replace("_line", "(src._idx + 2 + " + main.lineOffset + ")");
        // A column is used when the expression names it outside its string literals ('in the previous campaign' uses no column).
        String names = withoutTexts(e);
        for (String h : main.header) {
          if (names.contains(ident(h)) || Pattern.compile("(?<![\\w\"])" + Pattern.quote(h) + "(?![\\w\"])", Pattern.CASE_INSENSITIVE).matcher(names).find()) {
            used.add(h);
          }
        }
        base = "NULLIF(trim(CAST((" + e + ") AS VARCHAR)), '')";
      }
      if (!v.values().isEmpty()) {
        base = valueMap(base, v.values());
      }
      if (!v.formats().isEmpty()) {
        String fmts = v.formats().stream().map(Sql::lit).collect(Collectors.joining(", ", "[", "]"));
        base = "coalesce(strftime(try_strptime(" + base + ", " + fmts + "), '%Y-%m-%d %H:%M:%S'), " + base + ")";
      }
      if (v.otherwise() != null && (!v.columns().isEmpty() || v.expr() != null)) {
        base = "coalesce(" + base + ", " + lit(v.otherwise()) + ")";
      }
      return base;
    }

    /**
     * Replaces {@code {Header}} and {@code {Header A|Header B}} in an expression by the first of
     * those columns the file has, or NULL when it has none, so presets work with optional columns.
     */
    String columnRefs(String expr) {
      Matcher m = COLUMN_REF.matcher(expr);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        if (m.group(1).matches("\\d+(,\\d*)?")) {
          m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
          continue;
        }
        String h = Headers.find(main.header, List.of(m.group(1).split("\\|")));
        if (h != null) {
          used.add(h);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(h == null ? "CAST(NULL AS VARCHAR)" : "src." + ident(h)));
      }
      m.appendTail(out);
      return out.toString();
    }

    /**
     * A value map ({@code Won -> won}, {@code * -> other}) over a text: matched without regard to
     * case; unmatched text stays as it is (or becomes the {@code *} value); no text stays NULL. When
     * no value is NULL, the text is lowered once and looked up in a list, which on a large export is
     * much cheaper than comparing it with every key in turn (it may be spelled out several times,
     * e.g. in a deal's status and in its dates that depend on the status).
     */
    static String valueMap(String text, Map<String, String> values) {
      String star = values.get("*");
      List<Map.Entry<String, String>> keyed = values.entrySet().stream().filter(e -> !e.getKey().equals("*") && !partial(e.getKey())).toList();
      String otherwise = star == null ? text : lit(star);
      // Keys written *text* match any value containing the text, after the exact keys, regardless of case, spaces,
      // hyphens and underscores: "*closed lost*" matches "Closed-Lost to Competition" and "closedlost".
      List<Map.Entry<String, String>> partial = values.entrySet().stream().filter(e -> partial(e.getKey())).toList();
      if (!partial.isEmpty()) {
        // Plain replacements: a regular expression here cost a noticeable part of a large export's check.
        String squeezed = "replace(replace(replace(lower(" + text + "), ' ', ''), '_', ''), '-', '')";
        StringBuilder c = new StringBuilder("CASE");
        for (Map.Entry<String, String> e : partial) {
          String inner = e.getKey().strip();
          String key = inner.substring(1, inner.length() - 1).toLowerCase(Locale.ROOT).replaceAll("[ _-]", "");
          c.append(" WHEN contains(").append(squeezed).append(", ").append(lit(key))
              .append(") THEN ").append(e.getValue() == null ? "CAST(NULL AS VARCHAR)" : lit(e.getValue()));
        }
        otherwise = c.append(" ELSE ").append(otherwise).append(" END").toString();
      }
      if (keyed.isEmpty()) {
        return "CASE WHEN " + text + " IS NULL THEN NULL ELSE " + otherwise + " END";
      }
      if (keyed.stream().noneMatch(e -> e.getValue() == null)) {
        String keys = keyed.stream().map(e -> mapKey(e.getKey())).collect(Collectors.joining(", ", "[", "]"));
        String mapped = keyed.stream().map(e -> lit(e.getValue())).collect(Collectors.joining(", ", "[", "]"));
        return "CASE WHEN " + text + " IS NULL THEN NULL ELSE coalesce(" + mapped + "[list_position(" + keys + ", lower(" + text + "))], "
            + otherwise + ") END";
      }
      StringBuilder c = new StringBuilder("CASE WHEN " + text + " IS NULL THEN NULL");
      for (Map.Entry<String, String> e : keyed) {
        c.append(" WHEN lower(").append(text).append(") = ").append(mapKey(e.getKey()))
            .append(" THEN ").append(e.getValue() == null ? "CAST(NULL AS VARCHAR)" : lit(e.getValue()));
      }
      return c.append(" ELSE ").append(otherwise).append(" END").toString();
    }

    /** Whether a value map's key is written *text*: it matches values containing the text. */
    private static boolean partial(String key) {
      String k = key.strip();
      return k.length() > 2 && k.startsWith("*") && k.endsWith("*");
    }

    /** A value map's key as the lowered text it matches. */
    private static String mapKey(String k) {
      return lit(k.strip().toLowerCase(Locale.ROOT));
    }

    /** A reference given by name: the id of the row with that name, created when there is none. */
    String byName(Column col, Mapping.Value v) {
      Table ref = CanonicalModel.table(col.references());
      if (ref.column("name").isEmpty()) {
        throw new ImportFailedException(what() + ": " + col.name() + " cannot be matched by name: " + ref.name() + " has no name");
      }
      String name = text(v, col.name(), col);
      if (name == null) {
        return null;
      }
      String match = "lower(trim(r.name)) = lower(src.v)";
      Map<String, String> raw = new LinkedHashMap<>();
      raw.put("id", lit(ctx.sourceSystem() + ":") + " || src._name");
      raw.put("name", "src._name");
      // The distinct names of all by-name columns of the file come from one scan (see InputFile.namesSql).
      int slot = main.addNames(load.where() == null ? name : "CASE WHEN " + loadWhere() + " THEN " + name + " END");
      String names = main.namesTable() + " src WHERE src.k = " + slot + " AND src.v IS NOT NULL";
      String existing = "EXISTS (SELECT 1 FROM " + ref.name() + " r WHERE " + match + ")";
      String from = "(SELECT min(src.v) AS _name FROM " + names + " AND NOT " + existing + " GROUP BY lower(src.v)) src";
      String known = "SELECT count(DISTINCT lower(src.v)) FROM " + names + " AND " + existing;
      auxiliary.add(new Source(main.label, main.path, m.name() + ", " + ref.name() + FileReport.BY_NAME, ref, from, raw,
          lit(ctx.sourceSystem()), null, false, Source.Lines.NONE, null, false, List.of(), Formats.CANONICAL, 0, List.of(), List.of(), known, null, null, null));
      // A join rather than a subquery per row: one hash join over the names, as fast as the reader.
      String alias = "_byname" + nameJoins.size();
      String prefix = lit(ctx.sourceSystem() + ":");
      nameJoins.add(new Source.ByName(alias,
          " LEFT JOIN (SELECT lower(trim(name)) AS k, min(id) AS id FROM " + ref.name() + " GROUP BY 1) " + alias
              + " ON " + alias + ".k = lower(" + name + ")",
          "(" + prefix + " || " + name + ")",
          "SELECT count(*) FROM " + main.namesTable() + " n WHERE n.k = " + slot + " AND n.v IS NOT NULL AND ("
              + "NOT EXISTS (SELECT 1 FROM " + ref.name() + " r WHERE r.id = " + prefix + " || n.v)"
              + " OR EXISTS (SELECT 1 FROM " + ref.name() + " r WHERE lower(trim(r.name)) = lower(n.v) AND r.id <> " + prefix + " || n.v))"));
      return alias + ".id";
    }

    /** Placeholder rows for ids that the referenced table does not have yet. */
    void ensure(Column col, Mapping.Value v, String id) {
      Table ref = CanonicalModel.table(col.references());
      String nameCol = v.ensure().get(0);
      String name = id;
      // A placeholder named by its id (made from a file without names) gets the name of a file that has one.
      String stored = "r.id = " + id;
      if (!nameCol.isEmpty()) {
        String h = Headers.find(main.header, v.ensure());
        if (h != null) {
          used.add(h);
          name = "coalesce(NULLIF(trim(src." + ident(h) + "), ''), " + id + ")";
          if (ref.column("name").isPresent()) {
            // Only a bare placeholder (no other values), since the row is written again with its id and name alone.
            String bare = ref.columns().stream().filter(rc -> !rc.name().equals("id") && !rc.name().equals("name"))
                .map(rc -> "r." + rc.name() + " IS NULL").collect(Collectors.joining(" AND "));
            stored += " AND (r.name IS DISTINCT FROM r.id OR NULLIF(trim(src." + ident(h) + "), '') IS NULL"
                + (bare.isEmpty() ? "" : " OR NOT (" + bare + ")") + ")";
          }
        }
      }
      Map<String, String> raw = new LinkedHashMap<>();
      raw.put("id", "src._id");
      if (ref.column("name").isPresent()) {
        raw.put("name", "src._name");
      }
      String scan = main.materialised() ? main.indexedFrom() : main.readCsv(null) + " src";
      String from = "(SELECT " + id + " AS _id, min(" + name + ") AS _name FROM " + scan + " WHERE src._kompass_shape IS NULL AND " + id + " IS NOT NULL"
          + (load.where() == null ? "" : " AND " + loadWhere())
          + " AND NOT EXISTS (SELECT 1 FROM " + ref.name() + " r WHERE " + stored + ") GROUP BY 1) src";
      auxiliary.add(new Source(main.label, main.path, m.name() + ", " + ref.name() + FileReport.REFERENCED, ref, from, raw,
          lit(ctx.sourceSystem()), null, false, Source.Lines.NONE, null, false, List.of(), Formats.CANONICAL, 0, List.of()));
    }

    /** One row per deal and stage-date column, from the columns whose header matches the pattern. */
    String unpivot(Mapping.Unpivot u) {
      Pattern p = Pattern.compile(u.pattern(), Pattern.CASE_INSENSITIVE);
      String id = Headers.find(main.header, u.id());
      if (id == null) {
        throw new ImportFailedException(what() + ": no id column for the stage history; expected one of " + String.join(", ", u.id()));
      }
      List<String> parts = new ArrayList<>();
      for (String h : main.header) {
        Matcher matcher = p.matcher(h.strip());
        if (matcher.matches()) {
          String stage = matcher.group(1).strip().replaceAll("^[\"'“”]+|[\"'“”]+$", "").replaceAll("\\s*\\([^()]*\\)$", "").strip();
          used.add(h);
          // A row of the wrong shape comes once, with the first stage column, so that it is quarantined once.
          parts.add("SELECT _idx, _kompass_shape, _kompass_row, " + ident(id) + " AS _id, " + lit(stage) + " AS _stage, " + ident(h) + " AS _at FROM "
              + main.indexedFrom().replace(") src", ") x") + (parts.isEmpty() ? "" : " WHERE _kompass_shape IS NULL"));
        }
      }
      if (parts.isEmpty()) {
        return null;
      }
      used.add(id);
      return "(" + String.join(" UNION ALL ", parts) + ") src";
    }

    private String header(InputFile f, List<String> names, String what) {
      String h = Headers.find(f.header, names);
      if (h == null) {
        throw new ImportFailedException(what() + ": " + what + ": " + f.label + " has no column " + names.get(0)
            + "; its header is: " + String.join(", ", f.header));
      }
      return h;
    }

    private static String key(String x) {
      return "lower(replace(trim(" + x + "), ' ', ''))";
    }
  }
}

package io.kompass.engine.plan;

import static io.kompass.engine.sql.SqlExpr.and;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Fact;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.expr.ExprPrinter;
import io.kompass.engine.plan.Plan.PlannedKpi;
import io.kompass.engine.plan.Plan.TermColumns;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.sql.Select;
import io.kompass.engine.sql.Select.From;
import io.kompass.engine.sql.SqlExpr;
import io.kompass.engine.sql.SqlType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Compiles a {@link KpiQuery} into a {@link Plan}. */
public final class Planner {

  private final Catalog catalog;
  private final String workspaceCurrency;

  public Planner(Catalog catalog, String workspaceCurrency) {
    this.catalog = catalog;
    this.workspaceCurrency = workspaceCurrency;
  }

  public Plan plan(KpiQuery query) {
    return new Build(query).run();
  }

  /**
   * A query listing the values behind the base term of the query's only KPI (a median,
   * percentile or mean) over the whole range, one row per value in a column {@code x}.
   */
  public Select.Query values(KpiQuery query) {
    if (query.kpis().size() != 1) {
      throw new QueryException("a values query is for exactly one KPI");
    }
    Build b = new Build(query);
    KpiRequest req = query.kpis().get(0);
    Kpi kpi = catalog.resolve(req.kpi(), req.variants(), req.params());
    Kpi.Term t = kpi.baseTerm();
    if (t == null || !(t.ranked() || t.agg().equals("avg"))) {
      throw new QueryException("KPI " + kpi.id() + " is not a median, percentile or mean; it has no list of values");
    }
    Kpi.Term asRanked = new Kpi.Term(t.name(), t.fact(), "median", t.expr(), t.filter(), t.anchor(), t.fxDate(), null, t.windowMonths(), t.shift(),
        null, t.require());
    RankedGroup g = (RankedGroup) b.group(kpi, asRanked, t.windowMonths());
    g.add(kpi, asRanked, kpi.id());
    Select rows = g.rows();
    Select main = new Select(List.of(new Select.Item(new SqlExpr.Col("r", "x"), "x")), new From.Sub(rows, "r"), List.of(),
        new SqlExpr.IsNull(new SqlExpr.Col("r", "x"), true), List.of(), List.of(), false);
    return new Select.Query(List.of(b.spineCte()), "ListValues (" + kpi.id() + "." + t.name() + ")", main);
  }

  /** What groups scans: terms with equal keys are computed in the same scan. */
  private record GroupKey(String kind, String fact, Expr anchor, Expr fxDate, Integer window, int shift, Object extra) {}

  /** State of one compilation. */
  private final class Build {
    final KpiQuery query;
    final Calendar calendar;
    final List<Period> periods;
    final List<String> dims;
    final Set<String> usedDims = new LinkedHashSet<>();
    final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    int groupSeq;

    Catalog catalogRef() {
      return catalog;
    }

    String currencyRef() {
      return workspaceCurrency;
    }

    Build(KpiQuery query) {
      this.query = query;
      this.calendar = query.calendar();
      this.periods = query.periods();
      this.dims = query.groupBy();
      for (String d : dims) {
        if (!catalog.dimensions().containsKey(d)) {
          throw new QueryException("unknown dimension '" + d + "'; dimensions: " + String.join(", ", catalog.dimensions().keySet()), "unknown_dimension", d,
              String.join(", ", catalog.dimensions().keySet()));
        }
      }
      usedDims.addAll(dims);
      if (query.filter() != null) {
        for (Expr.Ref r : query.filter().refs()) {
          if (r.path().size() != 1 || !catalog.dimensions().containsKey(r.text())) {
            throw new QueryException("filter: '" + r.text() + "' is not a dimension; filter on " + String.join(", ", catalog.dimensions().keySet()));
          }
          usedDims.add(r.text());
        }
        if (query.filter().children().stream().anyMatch(c -> c instanceof Expr.Param) || query.filter() instanceof Expr.Param) {
          throw new QueryException("filter: parameters ($name) are not allowed in filters");
        }
        checkCondition(query.filter());
      }
    }

    /**
     * A filter is a condition (a comparison, in, is null, or those joined by and, or, not), and every
     * dimension is text: "team" alone, or "team = 1", would reach the database as an error of its own.
     */
    private static void checkCondition(Expr e) {
      if (e instanceof Expr.Binary b && (b.op().equals("and") || b.op().equals("or"))) {
        checkCondition(b.left());
        checkCondition(b.right());
      } else if (e instanceof Expr.Unary u && u.op().equals("not")) {
        checkCondition(u.operand());
      } else if (e instanceof Expr.Binary b && List.of("=", "!=", "<", "<=", ">", ">=").contains(b.op())) {
        if (textual(b.left()) || textual(b.right())) {
          checkText(b.left());
          checkText(b.right());
        }
      } else if (e instanceof Expr.In in) {
        if (textual(in.operand())) {
          in.values().forEach(Build::checkText);
        }
      } else if (e instanceof Expr.IsNull n) {
        if (textual(n.operand())) {
          checkText(n.operand());
        }
      } else if (!(e instanceof Expr.Call) && !(e instanceof Expr.Literal l && l.value() instanceof Boolean)) {
        String text = ExprPrinter.print(e);
        throw new QueryException("filter: '" + text + "' is not a condition; compare a dimension with a value, e.g. team = 'Nordics'",
            "filter_not_condition", text);
      }
    }

    /** The built-in dimensions, which all hold text (a catalog of one's own may add others, of any type). */
    private static final java.util.Set<String> TEXT_DIMENSIONS = java.util.Set.of("rep", "team", "region", "product", "channel",
        "segment", "industry", "pipeline", "stage", "lost_reason", "activity_type", "cost_category", "currency");

    private static boolean textual(Expr e) {
      return e instanceof Expr.Ref r && r.path().size() == 1 && TEXT_DIMENSIONS.contains(r.text());
    }

    /** Built-in dimensions hold text, so a value compared with one must be text too ('2024', not 2024). */
    private static void checkText(Expr e) {
      String text = ExprPrinter.print(e);
      if (e instanceof Expr.Literal l && l.value() == null) {
        throw new QueryException("filter: nothing equals null; write e.g. team is null, or team is not null", "filter_not_text", text);
      }
      if (e instanceof Expr.Unary u && u.op().equals("-")) {
        throw new QueryException("filter: " + text + " is not text; dimensions hold text, so write it in quotes: '" + text + "'",
            "filter_not_text", text);
      }
      if (e instanceof Expr.Literal l && !(l.value() instanceof String)) {
        throw new QueryException("filter: " + text + " is not text; dimensions hold text, so write it in quotes: '" + text + "'",
            "filter_not_text", text);
      }
      if (e instanceof Expr.Binary b && List.of("+", "-", "*", "/").contains(b.op())) {
        throw new QueryException("filter: '" + text + "' is arithmetic; dimensions hold text", "filter_not_text", text);
      }
    }

    Plan run() {
      List<PlannedKpi> planned = new ArrayList<>();
      for (KpiRequest req : query.kpis()) {
        Kpi kpi = catalog.resolve(req.kpi(), req.variants(), req.params());
        planned.add(planKpi(kpi, null, kpi.id()));
      }
      return assemble(planned);
    }

    /** Registers a KPI's terms (components first for derived KPIs). */
    PlannedKpi planKpi(Kpi kpi, Integer windowOverride, String path) {
      Map<String, PlannedKpi> components = new LinkedHashMap<>();
      for (Kpi.Component c : kpi.components().values()) {
        Kpi ck = catalog.resolve(c.kpi(), c.variant(), Map.of());
        Integer w = c.windowMonths() != null ? c.windowMonths() : windowOverride;
        components.put(c.alias(), planKpi(ck, w, path + "." + c.alias()));
      }
      Map<String, TermColumns> terms = new LinkedHashMap<>();
      for (Kpi.Term t : kpi.terms().values()) {
        Integer window = windowOverride != null && !t.pointInTime() ? windowOverride : t.windowMonths();
        terms.put(t.name(), group(kpi, t, window).add(kpi, t, path));
      }
      return new PlannedKpi(kpi, null, null, null, terms, components, catalog.nonNegative(kpi.baseTerm()));
    }

    Group group(Kpi kpi, Kpi.Term t, Integer window) {
      Fact fact = catalog.facts().get(t.fact());
      for (String d : usedDims) {
        if (!fact.dimensions().containsKey(d)) {
          throw new QueryException("KPI " + kpi.id() + " cannot be grouped or filtered by " + d + ": its term '" + t.name() + "' reads "
              + t.fact() + ", which has no " + d + " (it has " + String.join(", ", fact.dimensions().keySet()) + ")", "no_dimension", kpi.id(), d);
        }
      }
      if (t.shift() == -1 && window != null) {
        throw new QueryException("KPI " + kpi.id() + ": a term cannot use both a trailing window and the next period");
      }
      Expr fx = t.fxDate() != null ? t.fxDate() : t.anchor();
      GroupKey key;
      if (t.pointInTime()) {
        key = new GroupKey("pit", t.fact(), null, fx, null, 0, List.of(t.state(), Objects.requireNonNullElse(t.filter(), new Expr.Literal(true)), kpi.paramValues()));
      } else if (t.ranked()) {
        key = new GroupKey("ranked", t.fact(), t.anchor(), fx, window, t.shift(), List.of(t, kpi.paramValues()));
      } else {
        key = new GroupKey("agg", t.fact(), t.anchor(), fx, window, t.shift(), null);
        if (t.shift() == 1 && window == null && calendar.grain() != Grain.TOTAL && !mentionsPeriod(t)) {
          // The previous period's aggregate is this period's, one period later: one scan, reaching
          // back one period further, serves both.
          AggGroup current = (AggGroup) groups.computeIfAbsent(new GroupKey("agg", t.fact(), t.anchor(), fx, null, 0, null),
              k -> new AggGroup(this, ++groupSeq, fact, k));
          return groups.computeIfAbsent(key, k -> new ShiftedGroup(this, ++groupSeq, fact, k, current));
        }
      }
      return groups.computeIfAbsent(key, k -> switch (k.kind()) {
        case "pit" -> new PitGroup(this, ++groupSeq, fact, k);
        case "ranked" -> new RankedGroup(this, ++groupSeq, fact, k);
        default -> new AggGroup(this, ++groupSeq, fact, k);
      });
    }

    /** Whether a term's expressions depend on the period a row is counted in (period_start, period_end). */
    private static boolean mentionsPeriod(Kpi.Term t) {
      List<Expr> exprs = new ArrayList<>(t.require());
      exprs.add(t.expr());
      exprs.add(t.filter());
      return exprs.stream().filter(Objects::nonNull).flatMap(e -> e.refs().stream())
          .anyMatch(r -> r.text().equals("period_start") || r.text().equals("period_end"));
    }

    // ---- time ------------------------------------------------------------------------------

    LocalDate rangeStart() {
      return periods.get(0).start();
    }

    LocalDate rangeEnd() {
      return periods.get(periods.size() - 1).end();
    }

    /** Moves a date by {@code n} periods of the grain. */
    LocalDate shiftDate(LocalDate d, int n) {
      return periodMonths() > 0 ? d.plusMonths((long) n * periodMonths()) : d.plusDays((long) n * periodDays());
    }

    SqlExpr shiftExpr(SqlExpr x, int n) {
      if (n == 0) {
        return x;
      }
      return periodMonths() > 0 ? new SqlExpr.AddMonths(x, n * periodMonths()) : new SqlExpr.AddDays(x, n * periodDays());
    }

    /**
     * Months in one period: those of the grain, and for the total grain over whole calendar months
     * their number, so that the period before October is September and the one after it November
     * (not the 31 days before or after it); 0 when periods are counted in days.
     */
    int periodMonths() {
      if (calendar.grain() != Grain.TOTAL) {
        return calendar.months();
      }
      LocalDate start = rangeStart();
      LocalDate end = rangeEnd();
      return start.getDayOfMonth() == 1 && end.getDayOfMonth() == 1
          ? (int) java.time.temporal.ChronoUnit.MONTHS.between(start, end) : 0;
    }

    /** Days in one period for day and week grains; for the total grain the whole range, so its "previous period" is the range before it. */
    int periodDays() {
      return calendar.grain() == Grain.TOTAL ? (int) java.time.temporal.ChronoUnit.DAYS.between(rangeStart(), rangeEnd()) : calendar.days();
    }

    /** The start of the period a date/time falls in, moved forward by {@code shift} periods. */
    SqlExpr bucket(SqlExpr x, int shift) {
      if (calendar.grain() == Grain.TOTAL) {
        return date(rangeStart());
      }
      SqlExpr y = shiftExpr(x, shift);
      int k = calendar.fiscalOffsetMonths();
      if (k != 0) {
        y = new SqlExpr.AddMonths(y, -k);
      }
      SqlExpr t = new SqlExpr.DateTrunc(calendar.grain().id(), y);
      return k == 0 ? t : new SqlExpr.Cast(new SqlExpr.AddMonths(t, k), SqlType.DATE);
    }

    /** The date money is converted at: each row's own date, or the query's fixed date. */
    SqlExpr fx(FactCompiler c, Expr rowDate) {
      return query.fxDate() != null ? date(query.fxDate()) : c.compile(rowDate, Map.of());
    }

    SqlExpr date(LocalDate d) {
      return new SqlExpr.Bind(d, SqlType.DATE);
    }

    SqlExpr timestamp(LocalDate d) {
      return new SqlExpr.Bind(d.atStartOfDay(), SqlType.TIMESTAMP);
    }

    /** {@code x >= from AND x < to} with bound bounds. */
    SqlExpr between(SqlExpr x, LocalDate from, LocalDate to) {
      return new SqlExpr.Op("AND", new SqlExpr.Op(">=", x, timestamp(from)), new SqlExpr.Op("<", x, timestamp(to)));
    }

    // ---- filters ---------------------------------------------------------------------------

    /** The query filter over dimensions, written in the fact's own expressions. */
    SqlExpr filter(FactCompiler c) {
      if (query.filter() == null) {
        return null;
      }
      return c.compile(substituteDimensions(query.filter(), c.fact()), Map.of());
    }

    Expr substituteDimensions(Expr e, Fact fact) {
      if (e instanceof Expr.Ref r) {
        return fact.dimensions().get(r.text());
      }
      if (e instanceof Expr.Binary b) {
        return new Expr.Binary(b.op(), substituteDimensions(b.left(), fact), substituteDimensions(b.right(), fact));
      }
      if (e instanceof Expr.Unary u) {
        return new Expr.Unary(u.op(), substituteDimensions(u.operand(), fact));
      }
      if (e instanceof Expr.In in) {
        return new Expr.In(substituteDimensions(in.operand(), fact), in.values().stream().map(v -> substituteDimensions(v, fact)).toList(), in.negated());
      }
      if (e instanceof Expr.IsNull n) {
        return new Expr.IsNull(substituteDimensions(n.operand(), fact), n.negated());
      }
      if (e instanceof Expr.Call c) {
        return new Expr.Call(c.function(), c.args().stream().map(a -> substituteDimensions(a, fact)).toList());
      }
      return e;
    }

    /** For multi-level facts (targets): keep only rows of the finest level the query uses. */
    SqlExpr level(FactCompiler c) {
      List<Fact.Level> levels = c.fact().levels();
      if (levels.isEmpty()) {
        return null;
      }
      int chosen = -1;
      for (int i = 0; i < levels.size(); i++) {
        if (levels.get(i).dimensions().stream().anyMatch(usedDims::contains)) {
          chosen = i;
        }
      }
      SqlExpr cond = null;
      for (int i = 0; i < levels.size(); i++) {
        SqlExpr col = c.compile(new Expr.Ref(List.of(levels.get(i).column())), Map.of());
        if (i == chosen) {
          cond = and(cond, new SqlExpr.IsNull(col, true));
        } else if (i > chosen) {
          cond = and(cond, new SqlExpr.IsNull(col, false));
        }
      }
      return cond;
    }

    List<Select.Item> dimensionItems(FactCompiler c) {
      List<Select.Item> out = new ArrayList<>();
      for (String d : dims) {
        out.add(new Select.Item(c.compile(c.fact().dimensions().get(d), Map.of()), "d_" + d));
      }
      return out;
    }

    List<SqlExpr> dimensionCols(String qualifier) {
      return dims.stream().map(d -> (SqlExpr) new SqlExpr.Col(qualifier, "d_" + d)).toList();
    }

    // ---- assembly --------------------------------------------------------------------------

    /** Every period of the range as a row (start, end), bound values. */
    Select.Cte spineCte() {
      List<List<SqlExpr>> rows = new ArrayList<>();
      for (Period p : periods) {
        rows.add(List.of(date(p.start()), date(p.end())));
      }
      return new Select.Cte("spine", "BuildPeriodSpine (" + periods.size() + " " + calendar.grain().id() + " periods"
              + (calendar.fiscalStartMonth() != 1 && calendar.months() >= 3 ? ", fiscal year from month " + calendar.fiscalStartMonth() : "") + ")",
          new Select(List.of(new Select.Item(new SqlExpr.Col(null, "period_start"), "period_start"), new Select.Item(new SqlExpr.Col(null, "period_end"), "period_end")),
              new From.Values(rows, "v", List.of("period_start", "period_end")), List.of(), null, List.of(), List.of(), false));
    }

    Plan assemble(List<PlannedKpi> planned) {
      List<Select.Cte> ctes = new ArrayList<>();
      ctes.add(spineCte());
      for (Group g : groups.values()) {
        ctes.addAll(g.ctes());
      }
      if (!dims.isEmpty()) {
        List<Select> parts = new ArrayList<>();
        for (Group g : groups.values()) {
          parts.add(new Select(dimensionCols(null).stream().map(c -> new Select.Item(c, ((SqlExpr.Col) c).name())).toList(),
              new From.Table(g.name(), null), List.of(), null, List.of(), List.of(), false));
        }
        ctes.add(new Select.Cte("group_keys", "CollectGroupKeys (" + String.join(", ", dims) + ")",
            new Select(dimensionCols("u").stream().map(c -> new Select.Item(c, ((SqlExpr.Col) c).name())).toList(),
                new From.UnionAll(parts, "u"), List.of(), null, List.of(), List.of(), true)));
      }
      List<Select.Item> items = new ArrayList<>();
      items.add(new Select.Item(new SqlExpr.Col("s", "period_start"), "period_start"));
      items.add(new Select.Item(new SqlExpr.Col("s", "period_end"), "period_end"));
      for (String d : dims) {
        items.add(new Select.Item(new SqlExpr.Col("k", "d_" + d), "d_" + d));
      }
      for (Group g : groups.values()) {
        items.addAll(g.finalItems());
      }
      List<PlannedKpi> out = new ArrayList<>();
      for (int i = 0; i < planned.size(); i++) {
        PlannedKpi pk = planned.get(i);
        String prefix = "k" + i;
        Kpi kpi = pk.kpi();
        items.add(new Select.Item(kpiExpr(kpi.value(), pk), prefix + "_value"));
        String num = null;
        String den = null;
        Expr numerator = kpi.numerator();
        Expr denominator = kpi.denominator();
        // A ratio of two KPIs shows them as its numerator and denominator: its evidence, and "nothing to divide by"
        // rather than "no data" when the second is 0.
        if (kpi.isDerived() && kpi.value() instanceof Expr.Binary b && b.op().equals("/") && b.left() instanceof Expr.Ref
            && b.right() instanceof Expr.Ref) {
          numerator = b.left();
          denominator = b.right();
        }
        if (numerator != null && denominator != null) {
          items.add(new Select.Item(kpiExpr(numerator, pk), prefix + "_num"));
          items.add(new Select.Item(kpiExpr(denominator, pk), prefix + "_den"));
          num = prefix + "_num";
          den = prefix + "_den";
        }
        out.add(new PlannedKpi(kpi, prefix + "_value", num, den, pk.terms(), pk.components(), pk.nonNegative()));
      }
      List<Select.Join> joins = new ArrayList<>();
      if (!dims.isEmpty()) {
        joins.add(new Select.Join("CROSS", new From.Table("group_keys", "k"), null));
      }
      for (Group g : groups.values()) {
        SqlExpr on = new SqlExpr.Op("=", new SqlExpr.Col(g.name(), "period"), new SqlExpr.Col("s", "period_start"));
        for (String d : dims) {
          on = and(on, new SqlExpr.NullSafeEquals(new SqlExpr.Col(g.name(), "d_" + d), new SqlExpr.Col("k", "d_" + d)));
        }
        joins.add(new Select.Join("LEFT", new From.Table(g.name(), null), on));
      }
      List<SqlExpr.Order> order = new ArrayList<>();
      for (String d : dims) {
        order.add(new SqlExpr.Order(new SqlExpr.Col("k", "d_" + d), false));
      }
      order.add(new SqlExpr.Order(new SqlExpr.Col("s", "period_start"), false));
      Select main = new Select(items, new From.Table("spine", "s"), joins, null, List.of(), order, false);
      Select.Query q = new Select.Query(ctes, "JoinToSpine and ComputeKpis (" + String.join(", ", planned.stream().map(p -> p.kpi().id() + "[" + p.kpi().variantLabel() + "]").toList()) + ")", main);
      return new Plan(q, out, dims, periods);
    }

    /** A KPI formula over its terms (by name) and components (by alias), at the final step. */
    SqlExpr kpiExpr(Expr e, PlannedKpi pk) {
      if (e instanceof Expr.Ref r) {
        TermColumns t = pk.terms().get(r.text());
        if (t != null) {
          return finalValue(t.value());
        }
        PlannedKpi comp = pk.components().get(r.text());
        return kpiExpr(comp.kpi().value(), comp);
      }
      if (e instanceof Expr.Literal l) {
        return FactCompiler.literal(l.value());
      }
      if (e instanceof Expr.Binary b) {
        return FactCompiler.binary(b.op(), kpiExpr(b.left(), pk), kpiExpr(b.right(), pk));
      }
      if (e instanceof Expr.Unary u) {
        SqlExpr o = kpiExpr(u.operand(), pk);
        return u.op().equals("not") ? new SqlExpr.Not(o) : new SqlExpr.Neg(o);
      }
      if (e instanceof Expr.Call c) {
        return FactCompiler.call(c.function(), c.args().stream().map(a -> kpiExpr(a, pk)).toList());
      }
      throw new QueryException("KPI " + pk.kpi().id() + ": its formula may only use terms, components, numbers and functions");
    }

    /** The final-step expression of a group column (named groupname_column). */
    SqlExpr finalValue(String column) {
      for (Group g : groups.values()) {
        SqlExpr e = g.finalExpr(column);
        if (e != null) {
          return e;
        }
      }
      throw new IllegalStateException("no group has column " + column);
    }
  }

  // ---- groups --------------------------------------------------------------------------------

  /** A scan (one or a few CTEs) that computes some terms per period and dimension values. */
  private abstract static class Group {
    final Build b;
    final String name;
    final Fact fact;
    final GroupKey key;
    final FactCompiler c;
    /** Output column name to its expression in the group, in order. */
    final Map<String, SqlExpr> columns = new LinkedHashMap<>();
    /** Output columns that are 0 rather than NULL in a period without rows. */
    final Set<String> additive = new LinkedHashSet<>();
    final Map<SqlExpr, String> byExpr = new LinkedHashMap<>();

    Group(Build b, String name, Fact fact, GroupKey key) {
      this.b = b;
      this.name = name;
      this.fact = fact;
      this.key = key;
      this.c = new FactCompiler(Planner.catalog(b), fact, Planner.currency(b));
    }

    String name() {
      return name;
    }

    abstract TermColumns add(Kpi kpi, Kpi.Term t, String path);

    abstract List<Select.Cte> ctes();

    /** A column for an aggregate, reusing an identical one. */
    String column(SqlExpr agg, boolean isAdditive) {
      String existing = byExpr.get(agg);
      if (existing != null) {
        return existing;
      }
      String col = "t" + (columns.size() + 1);
      columns.put(col, agg);
      byExpr.put(agg, name + "_" + col);
      if (isAdditive) {
        additive.add(col);
      }
      return name + "_" + col;
    }

    List<Select.Item> finalItems() {
      List<Select.Item> out = new ArrayList<>();
      for (String col : columns.keySet()) {
        out.add(new Select.Item(finalExpr(name + "_" + col), name + "_" + col));
      }
      return out;
    }

    SqlExpr finalExpr(String qualified) {
      if (!qualified.startsWith(name + "_")) {
        return null;
      }
      String col = qualified.substring(name.length() + 1);
      if (!columns.containsKey(col)) {
        return null;
      }
      SqlExpr e = new SqlExpr.Col(name, col);
      return additive.contains(col) ? new SqlExpr.Fn("coalesce", List.of(e, new SqlExpr.Num("0"))) : e;
    }

    SqlExpr required(Kpi kpi, Kpi.Term t) {
      SqlExpr req = null;
      for (Expr r : t.require()) {
        req = and(req, new SqlExpr.IsNull(c.compile(r, kpi.paramValues()), true));
      }
      return req;
    }

    static SqlExpr not(SqlExpr e) {
      return e == null ? new SqlExpr.Num("FALSE") : new SqlExpr.Not(e);
    }

    /** Common WHERE of a scan: the fact's own condition, its level and the query filter. */
    SqlExpr scanConditions() {
      SqlExpr w = fact.where() == null ? null : c.compile(fact.where(), Map.of());
      w = and(w, b.level(c));
      return and(w, b.filter(c));
    }

    String describe() {
      StringBuilder sb = new StringBuilder("fact ").append(fact.id());
      if (key.anchor() != null) {
        sb.append(", anchor ").append(text(key.anchor()));
      }
      if (key.window() != null) {
        sb.append(", trailing ").append(key.window()).append(" months");
      }
      if (key.shift() == 1) {
        sb.append(", previous period");
      } else if (key.shift() == -1) {
        sb.append(", next period");
      }
      if (b.query.filter() != null) {
        sb.append(", filtered");
      }
      return sb.toString();
    }
  }

  static String text(Expr e) {
    return io.kompass.engine.expr.ExprPrinter.print(e);
  }

  private static Catalog catalog(Build b) {
    return b.catalogRef();
  }

  private static String currency(Build b) {
    return b.currencyRef();
  }

  /** Aggregates in one scan of a fact, per period of the anchor (or trailing window). */
  private static final class AggGroup extends Group {
    private SqlExpr periodExpr;
    private SqlExpr anchor;
    /** Whether the scan also covers the period before the range, for a {@link ShiftedGroup}. */
    private boolean reachBack;

    AggGroup(Build b, int seq, Fact fact, GroupKey key) {
      super(b, "g" + seq, fact, key);
      anchor = c.compile(key.anchor(), Map.of());
      c.fxDate(b.fx(c, key.fxDate()));
      if (key.window() != null) {
        periodExpr = new SqlExpr.Col("s", "period_start");
        c.period(which -> new SqlExpr.Col("s", which));
      } else {
        periodExpr = b.bucket(anchor, key.shift());
        c.period(which -> which.equals("period_start") ? periodExpr : periodEnd(periodExpr));
      }
    }

    /** The last day of the period that starts at {@code start}, as the spine's period_end. */
    private SqlExpr periodEnd(SqlExpr start) {
      return b.calendar.grain() == Grain.TOTAL ? b.date(b.rangeEnd()) : new SqlExpr.AddDays(b.shiftExpr(start, 1), -1);
    }

    @Override
    TermColumns add(Kpi kpi, Kpi.Term t, String path) {
      Map<String, Object> params = kpi.paramValues();
      SqlExpr filter = t.filter() == null ? null : c.compile(t.filter(), params);
      SqlExpr req = required(kpi, t);
      SqlExpr e = t.expr() == null ? null : c.compile(t.expr(), params);
      String agg = t.agg();
      if (agg.equals("count")) {
        String v = column(new SqlExpr.Agg("count", null, false, and(filter, req)), true);
        String x = req == null ? null : column(new SqlExpr.Agg("count", null, false, and(filter, not(req))), true);
        return new TermColumns(agg, v, v, x, null, null, null, null, null);
      }
      SqlExpr usable = and(req, new SqlExpr.IsNull(e, true));
      String x = column(new SqlExpr.Agg("count", null, false, and(filter, not(usable))), true);
      String n = column(new SqlExpr.Agg("count", null, false, and(filter, usable)), true);
      SqlExpr currency = t.expr() == null ? null : c.currencyOf(t.expr(), params);
      String converted = currency == null ? null
          : column(new SqlExpr.Agg("count", null, false,
              and(and(filter, usable), new SqlExpr.Op("<>", currency, new SqlExpr.Bind(Planner.currency(b), SqlType.VARCHAR)))), true);
      if (agg.equals("count_distinct")) {
        String v = column(new SqlExpr.Agg("count", e, true, and(filter, req)), true);
        return new TermColumns(agg, v, v, x, null, null, null, null, converted);
      }
      boolean isAdditive = agg.equals("sum");
      String v = column(new SqlExpr.Agg(agg, e, false, and(filter, req)), isAdditive);
      if (agg.equals("avg")) {
        String sd = column(new SqlExpr.Agg("stddev_samp", e, false, and(filter, req)), false);
        String sum = column(new SqlExpr.Agg("sum", e, false, and(filter, req)), true);
        return new TermColumns(agg, v, n, x, sd, sum, null, null, converted);
      }
      return new TermColumns(agg, v, n, x, null, null, null, null, converted);
    }

    /**
     * Without breakdown dimensions, a row that no aggregate of the group counts changes nothing, so
     * when every aggregate has its own filter, rows meeting none are left out before any join or
     * grouping (e.g. the activities of lost deals, for contacts per won deal). With dimensions they
     * are kept: they still name the groups a breakdown lists.
     *
     * <p>When the scan inner-joins another table, only the conditions on joined tables are repeated:
     * they shrink the joined side, while a condition on the fact's own columns would be checked on
     * every fact row before the join drops most of them (contacts per won deal's activity types),
     * and the aggregate's filter checks it anyway. Without an inner join every fact row survives,
     * so all conditions are repeated and filter the scan itself.
     */
    private SqlExpr rowsCounted() {
      if (!b.dims.isEmpty() || columns.isEmpty()) {
        return null;
      }
      boolean joined = c.joins().stream().anyMatch(j -> j.type().equals("INNER"));
      SqlExpr any = null;
      for (SqlExpr e : columns.values()) {
        if (!(e instanceof SqlExpr.Agg a) || a.filter() == null) {
          return null;
        }
        SqlExpr counted = joined ? onJoinedRows(a.filter()) : a.filter();
        if (counted == null) {
          return null;
        }
        any = any == null ? counted : new SqlExpr.Op("OR", any, counted);
      }
      return any;
    }

    /** The conjuncts of a condition that do not read the fact's own row; null if none. */
    private static SqlExpr onJoinedRows(SqlExpr condition) {
      if (condition instanceof SqlExpr.Op o && o.op().equals("AND")) {
        return SqlExpr.and(onJoinedRows(o.left()), onJoinedRows(o.right()));
      }
      return condition.qualifiers().contains(FactCompiler.ROW) ? null : condition;
    }

    @Override
    List<Select.Cte> ctes() {
      List<Select.Item> items = new ArrayList<>();
      items.add(new Select.Item(periodExpr, "period"));
      items.addAll(b.dimensionItems(c));
      columns.forEach((col, e) -> items.add(new Select.Item(e, col)));
      SqlExpr where = and(scanConditions(), rowsCounted());
      List<Select.Join> joins = new ArrayList<>();
      From from;
      from = c.from();
      joins.addAll(c.joins());
      if (key.window() != null) {
        // Each row joins every period whose trailing window holds its anchor. The spine comes last, after
        // the joins the anchor may need. The window ends where the period ends; for the previous period,
        // where this one starts.
        String end = key.shift() == 1 ? "period_start" : "period_end";
        SqlExpr on = new SqlExpr.Op("AND",
            new SqlExpr.Op(">=", anchor, new SqlExpr.AddMonths(new SqlExpr.Col("s", end), -key.window())),
            new SqlExpr.Op("<", anchor, new SqlExpr.Col("s", end)));
        joins.add(new Select.Join("INNER", new From.Table("spine", "s"), on));
        LocalDate firstEnd = key.shift() == 1 ? b.rangeStart() : b.periods.get(0).end();
        where = and(b.between(anchor, firstEnd.minusMonths(key.window()), b.rangeEnd()), where);
      } else {
        LocalDate first = b.shiftDate(b.rangeStart(), -key.shift() - (reachBack ? 1 : 0));
        where = and(b.between(anchor, first, b.shiftDate(b.rangeEnd(), -key.shift())), where);
      }
      List<SqlExpr> groupBy = new ArrayList<>();
      groupBy.add(new SqlExpr.Col(null, "period"));
      b.dims.forEach(d -> groupBy.add(new SqlExpr.Col(null, "d_" + d)));
      String what = describe() + (reachBack ? ", from the period before the range" : "");
      return List.of(new Select.Cte(name, "AggregateMeasures (" + what + ")",
          JoinFilters.pushed(new Select(items, from, joins, where, groupBy, List.of(), false))));
    }
  }

  /**
   * The previous period's aggregates, read from the current period's scan (which then reaches one
   * period further back) and moved one period forward, instead of scanning the fact again.
   */
  private static final class ShiftedGroup extends Group {
    private final AggGroup current;

    ShiftedGroup(Build b, int seq, Fact fact, GroupKey key, AggGroup current) {
      super(b, "g" + seq, fact, key);
      this.current = current;
    }

    @Override
    TermColumns add(Kpi kpi, Kpi.Term t, String path) {
      current.reachBack = true;
      TermColumns tc = current.add(kpi, t, path);
      columns.putAll(current.columns);
      additive.addAll(current.additive);
      return new TermColumns(tc.agg(), own(tc.value()), own(tc.n()), own(tc.excluded()), own(tc.sd()), own(tc.sum()), own(tc.lo()),
          own(tc.hi()), own(tc.converted()));
    }

    /** The column of this group that repeats one of the current group's. */
    private String own(String currentColumn) {
      return currentColumn == null ? null : name + currentColumn.substring(current.name().length());
    }

    @Override
    List<Select.Cte> ctes() {
      List<Select.Item> items = new ArrayList<>();
      items.add(new Select.Item(new SqlExpr.Cast(b.shiftExpr(new SqlExpr.Col(null, "period"), 1), SqlType.DATE), "period"));
      b.dims.forEach(d -> items.add(new Select.Item(new SqlExpr.Col(null, "d_" + d), "d_" + d)));
      columns.keySet().forEach(col -> items.add(new Select.Item(new SqlExpr.Col(null, col), col)));
      return List.of(new Select.Cte(name, "ShiftOnePeriod (" + describe() + ", from " + current.name() + ")",
          new Select(items, new From.Table(current.name(), null), List.of(), null, List.of(), List.of(), false)));
    }
  }

  /** A median or percentile: rank the values per period, then pick order statistics. */
  private static final class RankedGroup extends Group {
    private Kpi kpi;
    private Kpi.Term term;

    RankedGroup(Build b, int seq, Fact fact, GroupKey key) {
      super(b, "g" + seq, fact, key);
    }

    @Override
    TermColumns add(Kpi k, Kpi.Term t, String path) {
      this.kpi = k;
      this.term = t;
      columns.put("t1", null);
      columns.put("t1_n", null);
      columns.put("t1_x", null);
      columns.put("t1_lo", null);
      columns.put("t1_hi", null);
      additive.add("t1_n");
      additive.add("t1_x");
      return new TermColumns(t.agg(), name + "_t1", name + "_t1_n", name + "_t1_x", null, null, name + "_t1_lo", name + "_t1_hi", null);
    }

    private Select rows;

    /** The values to rank: one row per fact row in the population, with its period and dimensions. */
    Select rows() {
      if (rows != null) {
        return rows;
      }
      Map<String, Object> params = kpi.paramValues();
      SqlExpr anchor = c.compile(key.anchor(), Map.of());
      c.fxDate(b.fx(c, key.fxDate()));
      SqlExpr periodExpr;
      From from;
      List<Select.Join> joins = new ArrayList<>();
      SqlExpr where;
      Select.Join windowJoin = null;
      if (key.window() != null) {
        periodExpr = new SqlExpr.Col("s", "period_start");
        c.period(which -> new SqlExpr.Col("s", which));
        from = c.from();
        windowJoin = new Select.Join("INNER", new From.Table("spine", "s"), new SqlExpr.Op("AND",
            new SqlExpr.Op(">=", anchor, new SqlExpr.AddMonths(new SqlExpr.Col("s", "period_end"), -key.window())),
            new SqlExpr.Op("<", anchor, new SqlExpr.Col("s", "period_end"))));
        where = b.between(anchor, b.periods.get(0).end().minusMonths(key.window()), b.rangeEnd());
      } else {
        SqlExpr bucket = b.bucket(anchor, key.shift());
        periodExpr = bucket;
        c.period(which -> which.equals("period_start") ? bucket : b.shiftExpr(bucket, 1));
        from = c.from();
        where = b.between(anchor, b.shiftDate(b.rangeStart(), -key.shift()), b.shiftDate(b.rangeEnd(), -key.shift()));
      }
      SqlExpr x = new SqlExpr.Cast(c.compile(term.expr(), params), SqlType.DOUBLE);
      SqlExpr req = required(kpi, term);
      where = and(where, term.filter() == null ? null : c.compile(term.filter(), params));
      where = and(where, scanConditions());
      List<Select.Item> rowItems = new ArrayList<>();
      rowItems.add(new Select.Item(periodExpr, "period"));
      rowItems.addAll(b.dimensionItems(c));
      rowItems.add(new Select.Item(req == null ? x : new SqlExpr.Case(List.of(new SqlExpr.When(req, x)), null), "x"));
      joins.addAll(c.joins());
      if (windowJoin != null) {
        joins.add(windowJoin);
      }
      rows = JoinFilters.pushed(new Select(rowItems, from, joins, where, List.of(), List.of(), false));
      return rows;
    }

    @Override
    List<Select.Cte> ctes() {
      Select rows = rows();

      List<SqlExpr> partition = new ArrayList<>();
      partition.add(new SqlExpr.Col(null, "period"));
      partition.addAll(b.dimensionCols(null));
      List<Select.Item> rankedItems = new ArrayList<>();
      rankedItems.add(new Select.Item(new SqlExpr.Col(null, "period"), "period"));
      b.dims.forEach(d -> rankedItems.add(new Select.Item(new SqlExpr.Col(null, "d_" + d), "d_" + d)));
      rankedItems.add(new Select.Item(new SqlExpr.Col(null, "x"), "x"));
      SqlExpr xcol = new SqlExpr.Col(null, "x");
      rankedItems.add(new Select.Item(new SqlExpr.Window("row_number", List.of(), partition, List.of(new SqlExpr.Order(xcol, false)), false), "rn"));
      rankedItems.add(new Select.Item(new SqlExpr.Window("count", List.of(xcol), partition, List.of(), false), "cnt"));
      Select ranked = new Select(rankedItems, new From.Table(name + "_rows", null), List.of(), null, List.of(), List.of(), false);

      double p = term.agg().equals("median") ? 0.5 : term.p();
      String ps = Double.toString(p);
      SqlExpr cnt = new SqlExpr.Col(null, "cnt");
      SqlExpr rn = new SqlExpr.Col(null, "rn");
      SqlExpr maxCnt = new SqlExpr.Agg("max", cnt, false, null);
      // percentile_cont: interpolate between the values at ranks floor(h) and ceil(h), h = 1 + p (n - 1).
      SqlExpr h = new SqlExpr.Op("+", new SqlExpr.Num("1"), new SqlExpr.Op("*", new SqlExpr.Num(ps), new SqlExpr.Op("-", cnt, new SqlExpr.Num("1"))));
      SqlExpr hAgg = new SqlExpr.Op("+", new SqlExpr.Num("1"), new SqlExpr.Op("*", new SqlExpr.Num(ps), new SqlExpr.Op("-", maxCnt, new SqlExpr.Num("1"))));
      SqlExpr atLow = at(rn, new SqlExpr.Fn("floor", List.of(h)), xcol);
      SqlExpr atHigh = at(rn, new SqlExpr.Fn("ceil", List.of(h)), xcol);
      SqlExpr value = new SqlExpr.Op("+", atLow, new SqlExpr.Op("*", new SqlExpr.Op("-", hAgg, new SqlExpr.Fn("floor", List.of(hAgg))), new SqlExpr.Op("-", atHigh, atLow)));
      // Distribution-free 95 % interval: order statistics at n p -/+ 1.96 sqrt(n p (1 - p)).
      SqlExpr spread = new SqlExpr.Op("*", new SqlExpr.Num("1.959963984540054"),
          new SqlExpr.Fn("sqrt", List.of(new SqlExpr.Op("*", cnt, new SqlExpr.Num(Double.toString(p * (1 - p)))))));
      SqlExpr np = new SqlExpr.Op("*", cnt, new SqlExpr.Num(ps));
      SqlExpr loRank = new SqlExpr.Fn("greatest", List.of(new SqlExpr.Num("1"), new SqlExpr.Fn("floor", List.of(new SqlExpr.Op("-", np, spread)))));
      SqlExpr hiRank = new SqlExpr.Fn("least", List.of(cnt, new SqlExpr.Op("+", new SqlExpr.Fn("ceil", List.of(new SqlExpr.Op("+", np, spread))), new SqlExpr.Num("1"))));
      List<Select.Item> items = new ArrayList<>();
      items.add(new Select.Item(new SqlExpr.Col(null, "period"), "period"));
      b.dims.forEach(d -> items.add(new Select.Item(new SqlExpr.Col(null, "d_" + d), "d_" + d)));
      items.add(new Select.Item(value, "t1"));
      items.add(new Select.Item(new SqlExpr.Fn("coalesce", List.of(maxCnt, new SqlExpr.Num("0"))), "t1_n"));
      items.add(new Select.Item(new SqlExpr.Agg("count", null, false, new SqlExpr.IsNull(xcol, false)), "t1_x"));
      items.add(new Select.Item(at(rn, loRank, xcol), "t1_lo"));
      items.add(new Select.Item(at(rn, hiRank, xcol), "t1_hi"));
      List<SqlExpr> groupBy = new ArrayList<>(partition);
      Select picked = new Select(items, new From.Table(name + "_ranked", null), List.of(), null, groupBy, List.of(), false);
      String what = term.agg().equals("median") ? "median" : "percentile " + ps;
      return List.of(
          new Select.Cte(name + "_rows", "CollectValues (" + what + " of " + kpi.id() + "." + term.name() + "; " + describe() + ")", rows),
          new Select.Cte(name + "_ranked", "RankValues", ranked),
          new Select.Cte(name, "PickOrderStatistics (" + what + " with a distribution-free 95 % interval)", picked));
    }

    private static SqlExpr at(SqlExpr rn, SqlExpr rank, SqlExpr x) {
      return new SqlExpr.Agg("max", new SqlExpr.Case(List.of(new SqlExpr.When(new SqlExpr.Op("=", rn, rank), x)), null), false, null);
    }
  }

  /**
   * Point-in-time terms: which deals are in a state (e.g. open and qualified) at each period's
   * end, rebuilt from stage history as +1/-1 events at each stage's entered_at and left_at and a
   * running sum over the periods (no range join, no ordering of each deal's history).
   */
  private static final class PitGroup extends Group {
    private final List<Kpi.Term> terms = new ArrayList<>();
    private final List<Kpi> owners = new ArrayList<>();

    PitGroup(Build b, int seq, Fact fact, GroupKey key) {
      super(b, "g" + seq, fact, key);
    }

    @Override
    TermColumns add(Kpi kpi, Kpi.Term t, String path) {
      int i = terms.indexOf(t);
      if (i < 0) {
        terms.add(t);
        owners.add(kpi);
        i = terms.size() - 1;
      }
      String v = "t" + (i + 1);
      columns.putIfAbsent(v, null);
      columns.putIfAbsent(v + "_n", null);
      columns.putIfAbsent(v + "_x", null);
      additive.add(v);
      additive.add(v + "_n");
      additive.add(v + "_x");
      return new TermColumns(t.agg(), name + "_" + v, name + "_" + v + "_n", name + "_" + v + "_x", null, null, null, null, null);
    }

    @Override
    List<Select.Cte> ctes() {
      Kpi first = owners.get(0);
      Kpi.Term t0 = terms.get(0);
      if (key.fxDate() != null) {
        c.fxDate(b.fx(c, key.fxDate()));
      }
      SqlExpr ts = c.compile(new Expr.Ref(List.of("entered_at")), Map.of());
      SqlExpr left = c.compile(new Expr.Ref(List.of("left_at")), Map.of());
      SqlExpr inside = c.compile(t0.state(), first.paramValues());
      if (t0.filter() != null) {
        inside = and(inside, c.compile(t0.filter(), first.paramValues()));
      }
      // The query's filter and level apply to each stage interval: a deal counts while it is in a
      // stage that meets them, so one that moves out of the filtered set leaves the count then.
      inside = and(inside, scanConditions());
      List<Select.Item> rowItems = new ArrayList<>();
      rowItems.add(new Select.Item(ts, "ts"));
      rowItems.add(new Select.Item(left, "left_at"));
      rowItems.addAll(b.dimensionItems(c));
      for (int i = 0; i < terms.size(); i++) {
        Kpi.Term t = terms.get(i);
        SqlExpr v = t.agg().equals("count") ? new SqlExpr.Num("1") : new SqlExpr.Cast(c.compile(t.expr(), owners.get(i).paramValues()), SqlType.DOUBLE);
        rowItems.add(new Select.Item(v, "v" + (i + 1)));
      }
      // Only the stages in the state matter: each is an interval [entered_at, left_at) of one deal.
      // An interval that ended before the range enters and leaves before its first period, which adds
      // nothing to any running sum, so it is left out (most of a long history).
      SqlExpr reachesRange = new SqlExpr.Op("OR", new SqlExpr.IsNull(left, false), new SqlExpr.Op(">=", left, b.timestamp(b.rangeStart())));
      SqlExpr where = and(and(new SqlExpr.Op("<", ts, b.timestamp(b.rangeEnd())), reachesRange), inside);
      Select rows = JoinFilters.pushed(new Select(rowItems, c.from(), c.joins(), where, List.of(), List.of(), false));

      // Each interval is +1 when the deal enters it and -1 when it leaves (left_at, kept by every writer of the history).
      List<Select> parts = new ArrayList<>();
      for (boolean entering : new boolean[] {true, false}) {
        List<Select.Item> items = new ArrayList<>();
        items.add(new Select.Item(new SqlExpr.Col(null, entering ? "ts" : "left_at"), "ts"));
        b.dims.forEach(d -> items.add(new Select.Item(new SqlExpr.Col(null, "d_" + d), "d_" + d)));
        items.add(new Select.Item(new SqlExpr.Num(entering ? "1" : "-1"), "delta"));
        for (int i = 0; i < terms.size(); i++) {
          items.add(new Select.Item(new SqlExpr.Col(null, "v" + (i + 1)), "v" + (i + 1)));
        }
        SqlExpr w = entering ? null : and(new SqlExpr.IsNull(new SqlExpr.Col(null, "left_at"), true),
            new SqlExpr.Op("<", new SqlExpr.Col(null, "left_at"), b.timestamp(b.rangeEnd())));
        parts.add(new Select(items, new From.Table(name + "_rows", null), List.of(), w, List.of(), List.of(), false));
      }
      List<Select.Item> evItems = new ArrayList<>();
      evItems.add(new Select.Item(new SqlExpr.Col("e", "ts"), "ts"));
      b.dims.forEach(d -> evItems.add(new Select.Item(new SqlExpr.Col("e", "d_" + d), "d_" + d)));
      evItems.add(new Select.Item(new SqlExpr.Col("e", "delta"), "delta"));
      for (int i = 0; i < terms.size(); i++) {
        evItems.add(new Select.Item(new SqlExpr.Col("e", "v" + (i + 1)), "v" + (i + 1)));
      }
      Select events = new Select(evItems, new From.UnionAll(parts, "e"), List.of(), null, List.of(), List.of(), false);

      // Events before the range count towards its first period.
      SqlExpr tsCol = new SqlExpr.Col(null, "ts");
      SqlExpr bucket = new SqlExpr.Case(List.of(new SqlExpr.When(new SqlExpr.Op("<", tsCol, b.timestamp(b.rangeStart())), b.date(b.rangeStart()))),
          b.bucket(tsCol, 0));
      List<Select.Item> bItems = new ArrayList<>();
      bItems.add(new Select.Item(bucket, "period"));
      b.dims.forEach(d -> bItems.add(new Select.Item(new SqlExpr.Col(null, "d_" + d), "d_" + d)));
      SqlExpr delta = new SqlExpr.Col(null, "delta");
      for (int i = 0; i < terms.size(); i++) {
        SqlExpr v = new SqlExpr.Col(null, "v" + (i + 1));
        String t = "t" + (i + 1);
        bItems.add(new Select.Item(new SqlExpr.Agg("sum", new SqlExpr.Op("*", delta, v), false, null), t));
        bItems.add(new Select.Item(new SqlExpr.Agg("sum", new SqlExpr.Case(List.of(new SqlExpr.When(new SqlExpr.IsNull(v, true), delta)), new SqlExpr.Num("0")), false, null), t + "_n"));
        bItems.add(new Select.Item(new SqlExpr.Agg("sum", new SqlExpr.Case(List.of(new SqlExpr.When(new SqlExpr.IsNull(v, false), delta)), new SqlExpr.Num("0")), false, null), t + "_x"));
      }
      List<SqlExpr> bGroup = new ArrayList<>();
      bGroup.add(new SqlExpr.Col(null, "period"));
      b.dims.forEach(d -> bGroup.add(new SqlExpr.Col(null, "d_" + d)));
      Select buckets = new Select(bItems, new From.Table(name + "_events", null), List.of(), null, bGroup, List.of(), false);

      // Running sum over every period of the spine, for every dimension value seen.
      List<Select.Item> items = new ArrayList<>();
      items.add(new Select.Item(new SqlExpr.Col("s", "period_start"), "period"));
      b.dims.forEach(d -> items.add(new Select.Item(new SqlExpr.Col("kd", "d_" + d), "d_" + d)));
      List<SqlExpr> partition = b.dimensionCols("kd");
      List<SqlExpr.Order> byPeriod = List.of(new SqlExpr.Order(new SqlExpr.Col("s", "period_start"), false));
      for (String col : columns.keySet()) {
        SqlExpr running = new SqlExpr.Window("sum", List.of(new SqlExpr.Fn("coalesce", List.of(new SqlExpr.Col("bk", col), new SqlExpr.Num("0")))), partition, byPeriod, true);
        items.add(new Select.Item(running, col));
      }
      List<Select.Join> joins = new ArrayList<>();
      SqlExpr on = new SqlExpr.Op("=", new SqlExpr.Col("bk", "period"), new SqlExpr.Col("s", "period_start"));
      if (!b.dims.isEmpty()) {
        joins.add(new Select.Join("CROSS", new From.Sub(new Select(b.dimensionCols(null).stream().map(x -> new Select.Item(x, ((SqlExpr.Col) x).name())).toList(),
            new From.Table(name + "_buckets", null), List.of(), null, List.of(), List.of(), true), "kd"), null));
        for (String d : b.dims) {
          on = and(on, new SqlExpr.NullSafeEquals(new SqlExpr.Col("bk", "d_" + d), new SqlExpr.Col("kd", "d_" + d)));
        }
      }
      joins.add(new Select.Join("LEFT", new From.Table(name + "_buckets", "bk"), on));
      Select running = new Select(items, new From.Table("spine", "s"), joins, null, List.of(), List.of(), false);
      String what = "deals in state [" + text(t0.state()) + "] at each period end";
      return List.of(
          new Select.Cte(name + "_rows", "ReconstructStageHistory (" + what + ")", rows),
          new Select.Cte(name + "_events", "ToStateChangeEvents (+1 entering, -1 leaving)", events),
          new Select.Cte(name + "_buckets", "BucketEvents (events before the range count in its first period)", buckets),
          new Select.Cte(name, "CumulateToPeriodEnd (running sum over the spine)", running));
    }
  }
}

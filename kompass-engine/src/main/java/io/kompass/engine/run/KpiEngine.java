package io.kompass.engine.run;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.CiMethod;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.plan.Plan;
import io.kompass.engine.plan.Plan.PlannedKpi;
import io.kompass.engine.plan.Plan.TermColumns;
import io.kompass.engine.plan.Planner;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.Period;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.sql.Rendered;
import io.kompass.engine.sql.Select;
import io.kompass.engine.sql.SqlRenderer;
import io.kompass.engine.stats.Interval;
import io.kompass.engine.stats.Intervals;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Plans, renders and runs KPI queries against a workspace and assembles their evidence. */
public final class KpiEngine {

  private final Catalog catalog;
  private final Dialect dialect;
  private final String currency;
  private final Supplier<Connection> connections;
  /** The data version to keep lookups for, and where; null when every query computes its lookups. */
  private final LongSupplier dataVersion;
  private final KeptLookups kept;
  /** Where results are kept for the data they were computed on; null when every query is computed. */
  private final KeptResults results;

  public KpiEngine(Catalog catalog, Dialect dialect, String currency, Supplier<Connection> connections) {
    this(catalog, dialect, currency, connections, null, null);
  }

  private KpiEngine(Catalog catalog, Dialect dialect, String currency, Supplier<Connection> connections, LongSupplier dataVersion,
      KeptResults results) {
    this.catalog = catalog;
    this.dialect = dialect;
    this.currency = currency;
    this.connections = connections;
    this.dataVersion = dataVersion;
    this.kept = dataVersion == null ? null : new KeptLookups(dialect, connections);
    this.results = results;
  }

  /**
   * This engine, keeping the lookups its queries compute (each account's first purchase, each
   * deal's activity count...) until {@code dataVersion} changes, where the engine can; a long-running
   * server passes a number that grows with every import. Results are the same either way.
   */
  public KpiEngine keepingLookups(LongSupplier dataVersion) {
    return dialect.supports(Dialect.Capability.KEPT_LOOKUPS) ? new KpiEngine(catalog, dialect, currency, connections, dataVersion, results) : this;
  }

  /**
   * This engine, keeping each KPI result it computes in the workspace for the data it was computed
   * on, and answering from there while no import changed the data (a long-running server, so that
   * a restart does not compute again what it showed before). Results are the same either way.
   *
   * @param build identifies the code that computes the results (a new build computes them again)
   * @param zone the workspace's time zone, in which a result says when it was kept
   */
  public KpiEngine keepingResults(String build, ZoneId zone) {
    return new KpiEngine(catalog, dialect, currency, connections, dataVersion, new KeptResults(catalog, dialect, currency, build, zone));
  }

  /** An engine on a workspace, in its dialect. */
  public static KpiEngine on(Workspace workspace, Catalog catalog) {
    return new KpiEngine(catalog, workspace.dialect(), workspace.settings().currency(), workspace::connect);
  }

  public Catalog catalog() {
    return catalog;
  }

  public Plan plan(KpiQuery query) {
    return new Planner(catalog, currency).plan(query);
  }

  public Rendered render(KpiQuery query) {
    return SqlRenderer.render(plan(query).query(), dialect);
  }

  /** The SQL a query runs, with its bound values listed at the end. */
  public String explain(KpiQuery query) {
    Rendered r = render(query);
    StringBuilder sb = new StringBuilder("-- Kompass KPI query for ").append(dialect.name()).append('\n').append(r.sql()).append('\n');
    if (!r.binds().isEmpty()) {
      sb.append("-- bound values, in order:\n");
      for (int i = 0; i < r.binds().size(); i++) {
        sb.append("--   ?").append(i + 1).append(" = ").append(describe(r.binds().get(i))).append('\n');
      }
    }
    return sb.toString();
  }

  private static String describe(Object v) {
    if (v == null) {
      return "NULL";
    }
    return v instanceof String s ? "'" + s.replace("'", "''") + "'" : v.toString();
  }

  public KpiResult run(KpiQuery query) {
    long start = System.nanoTime();
    Plan plan = plan(query);
    try (Connection c = connections.get()) {
      Optional<KpiResult> stored = Precomputed.find(c, catalog, query);
      if (stored.isPresent()) {
        return stored.get();
      }
      if (results != null) {
        return results.run(c, query, plan.dimensions(), this::render, (conn, q, stamp) -> compute(conn, q.equals(query) ? plan : plan(q), q, start,
            stamp), start);
      }
      return compute(c, plan, query, start, null);
    } catch (SQLException e) {
      throw new WorkspaceException("the KPI query failed: " + e.getMessage(), e);
    }
  }

  /**
   * The result of a query when this engine keeps results and holds every KPI of it for the current
   * data (see {@link #keepingResults}); nothing is computed.
   */
  public Optional<KpiResult> kept(KpiQuery query) {
    if (results == null) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    try (Connection c = connections.get()) {
      return results.find(c, query, plan(query).dimensions(), this::render, start);
    } catch (SQLException e) {
      throw new WorkspaceException("could not read the kept results: " + e.getMessage(), e);
    }
  }

  /** @param stamp the data stamp read before (kept lookups are kept per stamp too, so that they match it), or null */
  private KpiResult compute(Connection c, Plan plan, KpiQuery query, long start, String stamp) throws SQLException {
    Rendered r = render(plan.query(), stamp);
    try (PreparedStatement ps = c.prepareStatement(r.sql())) {
      bind(ps, r.binds());
      try (ResultSet rs = ps.executeQuery()) {
        return assemble(plan, query, rs::next, rs::getObject, currency, start, "computed by " + dialect.name());
      }
    }
  }

  /** How a result's money was converted, as its evidence says. */
  static String conversion(KpiQuery query, String currency) {
    return query.fxDate() == null
        ? "converted to " + currency + " at the rate in force on each row's anchor date"
        : "converted to " + currency + " at the rates in force on " + query.fxDate();
  }

  /** Moves to the next result row; false at the end. */
  @FunctionalInterface
  public interface RowCursor {
    boolean next() throws SQLException;
  }

  /** Reads a column of the current result row by name. */
  @FunctionalInterface
  public interface ColumnReader {
    Object get(String column) throws SQLException;
  }

  /**
   * Turns the rows of a plan's query into a result with its evidence. Any engine can feed it (JDBC
   * here, Spark in its own module); numbers of any type are normalised to doubles.
   *
   * @param startNanos {@link System#nanoTime()} when the work began, for the duration
   */
  public static KpiResult assemble(Plan plan, KpiQuery query, RowCursor rows, ColumnReader columns, String currency, long startNanos,
      String source) throws SQLException {
    Map<String, List<Cell>> cells = new LinkedHashMap<>();
    for (PlannedKpi pk : plan.kpis()) {
      cells.put(pk.value(), new ArrayList<>());
    }
    while (rows.next()) {
      Period period = new Period(date(columns.get("period_start")), date(columns.get("period_end")));
      Map<String, String> group = new LinkedHashMap<>();
      for (String d : plan.dimensions()) {
        Object v = columns.get("d_" + d);
        group.put(d, v == null ? null : v.toString());
      }
      for (PlannedKpi pk : plan.kpis()) {
        cells.get(pk.value()).add(cell(columns, pk, period, group, query.minN()));
      }
    }
    List<KpiSeries> series = new ArrayList<>();
    for (PlannedKpi pk : plan.kpis()) {
      series.add(KpiSeries.of(pk.kpi(), cells.get(pk.value())));
    }
    return new KpiResult(query, plan.dimensions(), currency, conversion(query, currency), series, Duration.ofNanos(System.nanoTime() - startNanos), source);
  }

  /**
   * The values behind a median, percentile or mean KPI over the query's whole range (its one
   * KPI's base term), for rank tests.
   */
  public double[] values(KpiQuery query) {
    Rendered r = render(new Planner(catalog, currency).values(query));
    List<Double> out = new ArrayList<>();
    try (Connection c = connections.get();
        PreparedStatement ps = c.prepareStatement(r.sql())) {
      bind(ps, r.binds());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(number(rs::getObject, "x"));
        }
      }
    } catch (SQLException e) {
      throw new WorkspaceException("the values query failed: " + e.getMessage(), e);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Renders a query to run now, reading kept lookups where this engine keeps them. */
  private Rendered render(Select.Query query) {
    return render(query, null);
  }

  /** As {@link #render(Select.Query)}, with lookups kept for the data stamp {@code stamp} as well as the data version. */
  private Rendered render(Select.Query query, String stamp) {
    return kept == null ? SqlRenderer.render(query, dialect) : SqlRenderer.render(query, dialect, kept.at(dataVersion.getAsLong(), stamp));
  }

  static void bind(PreparedStatement ps, List<Object> binds) throws SQLException {
    for (int i = 0; i < binds.size(); i++) {
      Object v = binds.get(i);
      if (v instanceof LocalDate d) {
        ps.setObject(i + 1, d);
      } else if (v instanceof LocalDateTime t) {
        ps.setObject(i + 1, t);
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  private static Cell cell(ColumnReader rs, PlannedKpi pk, Period period, Map<String, String> group, int minN) throws SQLException {
    Kpi kpi = pk.kpi();
    Double value = number(rs, pk.value());
    Double num = pk.numerator() == null ? null : number(rs, pk.numerator());
    Double den = pk.denominator() == null ? null : number(rs, pk.denominator());
    if (kpi.isDerived()) {
      long n = Long.MAX_VALUE;
      boolean low = false;
      for (PlannedKpi comp : pk.components().values()) {
        Cell cc = cell(rs, comp, period, group, minN);
        n = Math.min(n, cc.n());
        low |= cc.lowVolume();
        if (cc.allLeftOut()) {
          value = null; // a component whose rows were all left out is not known (see below), nor is the whole
        }
      }
      return new Cell(period, group, value, num, den, n == Long.MAX_VALUE ? 0 : n, null, null, low, 0, 0, 0, null, Map.of());
    }
    TermColumns base = pk.base().get(0);
    long n = 0;
    long excluded = 0;
    for (TermColumns b : pk.base()) {
      n += count(rs, b.n());
      excluded += count(rs, b.excluded());
    }
    long converted = 0;
    for (TermColumns t : pk.terms().values()) {
      converted += count(rs, t.converted());
    }
    if (kpi.ci() == CiMethod.MEAN && num == null) {
      num = number(rs, base.sum());
      den = (double) n;
    }
    if (n == 0 && excluded > 0) {
      // Every row was left out (e.g. won deals without an amount): the value is not known, whatever a sum of none says.
      value = null;
      num = null;
      den = null;
    }
    Double sd = base.sd() == null ? null : number(rs, base.sd());
    Interval ci = null;
    if (value != null) {
      ci = switch (kpi.ci()) {
        case WILSON -> num == null || den == null ? null : Intervals.wilson(num, den);
        case MEAN -> {
          Interval mean = sd == null ? null : Intervals.mean(value, sd, n);
          // A few amounts far apart give a t-interval reaching below 0, which a mean of amounts cannot be.
          yield mean != null && mean.low() < 0 && pk.nonNegative() ? new Interval(0, mean.high()) : mean;
        }
        case QUANTILE -> {
          Double lo = number(rs, base.lo());
          Double hi = number(rs, base.hi());
          yield lo == null || hi == null ? null : new Interval(lo, hi);
        }
        case NPS -> Intervals.nps(
            number(rs, pk.terms().get("promoters").value()),
            number(rs, pk.terms().get("detractors").value()),
            number(rs, pk.terms().get("responses").value()));
        case NONE -> null;
      };
    }
    Map<String, Double> termValues = new LinkedHashMap<>();
    for (Map.Entry<String, TermColumns> t : pk.terms().entrySet()) {
      termValues.put(t.getKey(), number(rs, t.getValue().value()));
    }
    return new Cell(period, group, value, num, den, n, ci == null ? null : ci.low(), ci == null ? null : ci.high(), n < minN, n, excluded,
        converted, sd, termValues);
  }

  private static long count(ColumnReader rs, String column) throws SQLException {
    if (column == null) {
      return 0;
    }
    Double d = number(rs, column);
    return d == null ? 0 : Math.round(d);
  }

  /** Reads any numeric column as a double: engines return double, decimal, hugeint or bigint. */
  static Double number(ColumnReader rs, String column) throws SQLException {
    if (column == null) {
      return null;
    }
    Object o = rs.get(column);
    if (o == null) {
      return null;
    }
    if (o instanceof Number n) {
      double d = n instanceof BigDecimal b ? b.doubleValue() : n instanceof BigInteger bi ? bi.doubleValue() : n.doubleValue();
      return Double.isNaN(d) ? null : d;
    }
    throw new WorkspaceException("column " + column + " is not numeric: " + o.getClass().getName());
  }

  static LocalDate date(Object o) {
    if (o instanceof LocalDate d) {
      return d;
    }
    if (o instanceof Date d) {
      return d.toLocalDate();
    }
    if (o instanceof Timestamp t) {
      return t.toLocalDateTime().toLocalDate();
    }
    if (o instanceof LocalDateTime t) {
      return t.toLocalDate();
    }
    return LocalDate.parse(o.toString().substring(0, 10));
  }
}

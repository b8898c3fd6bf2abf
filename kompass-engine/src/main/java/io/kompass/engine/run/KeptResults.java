package io.kompass.engine.run;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.sql.Rendered;
import io.kompass.engine.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * KPI results kept in the workspace (table {@code kept_results}) for the data they were computed
 * from, so that a restarted server answers a query it answered before without computing it again.
 * Each KPI of a query is kept on its own, under a key that holds everything its numbers depend on
 * besides the data: the SQL that computes it with its bound values (the filters and the periods),
 * the resolved KPI definition, the currency, the low-volume floor and the Kompass build. A kept
 * result is used only while the workspace's data stamp (its finished imports) is the one it was
 * computed on; any import makes it stale, and so does any other write of data (demo generation,
 * copies), which marks itself in the stamp. Keeping is best effort: a result that cannot be stored
 * or read is simply computed.
 */
final class KeptResults {

  private static final System.Logger LOG = System.getLogger(KeptResults.class.getName());

  /** The encoding of {@code cells}; part of every key, so that a new encoding never reads an old one. */
  private static final String FORMAT = "kept-results 1";

  /** At most this many KPI results are kept; the oldest go first. */
  static final int CAPACITY = 2000;

  private final Catalog catalog;
  private final Dialect dialect;
  private final String currency;
  private final String build;
  private final ZoneId zone;

  /** @param zone the workspace's time zone, in which a result says when it was kept */
  KeptResults(Catalog catalog, Dialect dialect, String currency, String build, ZoneId zone) {
    this.catalog = catalog;
    this.dialect = dialect;
    this.currency = currency;
    this.build = build;
    this.zone = zone;
  }

  /** Computes the KPIs of a query on a connection (without looking for kept results). */
  @FunctionalInterface
  interface Compute {
    /** @param stamp the data stamp read before the computation (kept lookups are kept per stamp too), or null */
    KpiResult run(Connection c, KpiQuery query, String stamp) throws SQLException;
  }

  /**
   * The result of a query: its KPIs kept for the current data are read, the others computed together
   * by {@code compute} and kept.
   *
   * @param render the plain SQL of a query (without kept lookups, whose table names change per process)
   */
  KpiResult run(Connection c, KpiQuery query, List<String> dimensions, Function<KpiQuery, Rendered> render, Compute compute, long startNanos)
      throws SQLException {
    String stamp;
    try {
      stamp = stamp(c);
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "kept KPI results cannot be read ({0}); computing", e.getMessage());
      return compute.run(c, query, null);
    }
    Reading r = read(c, query, render, stamp);
    List<KpiSeries> series = r.series();
    String source = "computed by " + dialect.name();
    if (!r.missing().isEmpty()) {
      KpiResult computed = compute.run(c, query.withKpis(r.missing()), stamp);
      source = computed.source();
      Map<String, List<Cell>> keep = new LinkedHashMap<>();
      int k = 0;
      for (int i = 0; i < series.size(); i++) {
        if (series.get(i) == null) {
          KpiSeries s = computed.kpis().get(k++);
          series.set(i, s);
          keep.put(r.keys().get(i), s.cells());
        }
      }
      keep(c, stamp, keep);
    }
    return new KpiResult(query, dimensions, currency, KpiEngine.conversion(query, currency), series,
        Duration.ofNanos(System.nanoTime() - startNanos), r.source(source));
  }

  /** The result of a query when every KPI of it is kept for the current data; nothing is computed. */
  Optional<KpiResult> find(Connection c, KpiQuery query, List<String> dimensions, Function<KpiQuery, Rendered> render, long startNanos) {
    try {
      Reading r = read(c, query, render, stamp(c));
      if (!r.missing().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new KpiResult(query, dimensions, currency, KpiEngine.conversion(query, currency), r.series(),
          Duration.ofNanos(System.nanoTime() - startNanos), r.source("computed by " + dialect.name())));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** What is kept of a query's KPIs: a series per KPI (null where none is kept), their keys, the ones missing, the oldest keeping. */
  private record Reading(List<String> keys, List<KpiSeries> series, List<KpiRequest> missing, LocalDateTime keptAt) {

    /** What computed the numbers, and whether (some of) them were kept and since when. */
    String source(String computedBy) {
      return keptAt == null ? computedBy
          : computedBy + " (" + (missing.isEmpty() ? "" : "partly ") + "kept from " + keptAt.withNano(0) + ", on the same data)";
    }
  }

  private Reading read(Connection c, KpiQuery query, Function<KpiQuery, Rendered> render, String stamp) {
    List<String> keys = new ArrayList<>();
    List<KpiSeries> series = new ArrayList<>();
    List<KpiRequest> missing = new ArrayList<>();
    LocalDateTime keptAt = null;
    for (KpiRequest r : query.kpis()) {
      KpiQuery single = query.withKpis(List.of(r));
      Kpi kpi = catalog.resolve(r.kpi(), r.variants(), r.params());
      String key = key(single, kpi, render.apply(single));
      keys.add(key);
      Kept kept = read(c, key, stamp);
      if (kept == null) {
        series.add(null);
        missing.add(r);
      } else {
        series.add(KpiSeries.of(kpi, kept.cells()));
        keptAt = keptAt == null || kept.at().isBefore(keptAt) ? kept.at() : keptAt;
      }
    }
    return new Reading(keys, series, missing, keptAt);
  }

  /**
   * The key of a one-KPI query: a hash of everything its numbers depend on besides the data. The SQL
   * holds most of it; the resolved KPI adds what is applied to the SQL's rows (its interval method,
   * its components), so that a changed catalog computes again.
   */
  String key(KpiQuery single, Kpi kpi, Rendered sql) {
    List<Object> parts = new ArrayList<>(List.of(FORMAT, build, dialect.name(), currency, single.minN(), String.valueOf(single.fxDate()),
        String.join(",", single.groupBy()), kpi.toString(), sql.sql()));
    for (Object b : sql.binds()) {
      parts.add(b == null ? "NULL" : b.getClass().getSimpleName() + ":" + b);
    }
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      String text = p.toString();
      sb.append(text.length()).append(':').append(text); // a length before each part: no two lists give the same text
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the workspace's data is now: it changes with every finished import and every other write of
   * data ({@link Workspace#markDataWritten}: demo generation, copies).
   */
  static String stamp(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), max(id), max(finished_at), (SELECT max(value) FROM workspace_settings WHERE key = '"
            + Workspace.DATA_WRITES + "') FROM import_runs WHERE status = 'done'")) {
      rs.next();
      return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getObject(3) + "/" + rs.getString(4);
    }
  }

  private record Kept(LocalDateTime at, List<Cell> cells) {}

  /** The cells kept under a key for the data stamp, or null (none, or they cannot be read: computed again). */
  private static Kept read(Connection c, String key, String stamp) {
    try (PreparedStatement ps = c.prepareStatement("SELECT kept_at, cells FROM kept_results WHERE query_key = ? AND data_stamp = ? ORDER BY kept_at DESC LIMIT 1")) {
      ps.setString(1, key);
      ps.setString(2, stamp);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try {
          return new Kept(rs.getTimestamp(1).toLocalDateTime(), decode(rs.getString(2)));
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a kept KPI result could not be read ({0}); it is computed again", e.getMessage());
          return null;
        }
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "kept KPI results cannot be read ({0}); computing", e.getMessage());
      return null;
    }
  }

  /**
   * Keeps KPIs' cells by key, in one transaction, unless the data changed while they were computed;
   * drops what was kept for other data, and the oldest beyond {@link #CAPACITY}.
   */
  private void keep(Connection c, String stamp, Map<String, List<Cell>> cells) {
    boolean auto = true;
    try {
      auto = c.getAutoCommit();
      c.setAutoCommit(false);
      if (!stamp(c).equals(stamp)) {
        c.rollback();
        return;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kept_results WHERE data_stamp <> ?")) {
        ps.setString(1, stamp);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM kept_results WHERE query_key = ?")) {
        for (String key : cells.keySet()) {
          ps.setString(1, key);
          ps.executeUpdate();
        }
      }
      LocalDateTime now = LocalDateTime.now(zone);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kept_results (query_key, data_stamp, kept_at, cells) VALUES (?, ?, ?, ?)")) {
        for (Map.Entry<String, List<Cell>> e : cells.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setString(2, stamp);
          ps.setObject(3, now);
          ps.setString(4, encode(e.getValue()));
          ps.executeUpdate();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM kept_results WHERE query_key NOT IN (SELECT query_key FROM kept_results ORDER BY kept_at DESC LIMIT " + CAPACITY + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not keep KPI results (they are computed again next time): {0}", e.getMessage());
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is broken; nothing was kept
      }
    } finally {
      try {
        c.setAutoCommit(auto);
      } catch (SQLException ignored) {
        // as above
      }
    }
  }

  // The cells as text: a line per cell, tab-separated fields, maps as comma-separated key=value.

  private static final String NULL = "\\0";

  static String encode(List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    for (Cell cell : cells) {
      sb.append(cell.period().start()).append('\t').append(cell.period().end()).append('\t');
      map(sb, cell.group()).append('\t');
      num(sb, cell.value()).append('\t');
      num(sb, cell.numerator()).append('\t');
      num(sb, cell.denominator()).append('\t');
      sb.append(cell.n()).append('\t');
      num(sb, cell.ciLow()).append('\t');
      num(sb, cell.ciHigh()).append('\t');
      sb.append(cell.lowVolume()).append('\t').append(cell.included()).append('\t').append(cell.excluded()).append('\t')
          .append(cell.converted()).append('\t');
      num(sb, cell.sd()).append('\t');
      Map<String, String> terms = new LinkedHashMap<>();
      cell.terms().forEach((k, v) -> terms.put(k, v == null ? null : Double.toString(v)));
      map(sb, terms).append('\n');
    }
    return sb.toString();
  }

  static List<Cell> decode(String text) {
    List<Cell> cells = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 15) {
        throw new IllegalArgumentException("a kept result's line has " + f.length + " fields instead of 15");
      }
      Map<String, Double> terms = new LinkedHashMap<>();
      map(f[14]).forEach((k, v) -> terms.put(k, v == null ? null : Double.valueOf(v)));
      cells.add(new Cell(new Period(LocalDate.parse(f[0]), LocalDate.parse(f[1])), map(f[2]), num(f[3]), num(f[4]), num(f[5]), Long.parseLong(f[6]),
          num(f[7]), num(f[8]), Boolean.parseBoolean(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]), Long.parseLong(f[12]), num(f[13]), terms));
    }
    return cells;
  }

  private static StringBuilder num(StringBuilder sb, Double d) {
    return sb.append(d == null ? "" : Double.toString(d));
  }

  private static Double num(String s) {
    return s.isEmpty() ? null : Double.valueOf(s);
  }

  private static StringBuilder map(StringBuilder sb, Map<String, String> m) {
    boolean first = true;
    for (Map.Entry<String, String> e : m.entrySet()) {
      sb.append(first ? "" : ",").append(escape(e.getKey())).append('=').append(escape(e.getValue()));
      first = false;
    }
    return sb;
  }

  private static Map<String, String> map(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s.isEmpty()) {
      return m;
    }
    for (String entry : s.split(",", -1)) {
      int eq = entry.indexOf('=');
      m.put(unescape(entry.substring(0, eq)), unescape(entry.substring(eq + 1)));
    }
    return m;
  }

  /** Escapes the separators (tab, line break, comma, equals sign) and the escape itself; null is its own token. */
  static String escape(String s) {
    if (s == null) {
      return NULL;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case ',' -> sb.append("\\c");
        case '=' -> sb.append("\\e");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    if (s.equals(NULL)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\') {
        sb.append(ch);
        continue;
      }
      char next = s.charAt(++i);
      sb.append(switch (next) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 'c' -> ',';
        case 'e' -> '=';
        case '\\' -> '\\';
        default -> throw new IllegalArgumentException("unknown escape \\" + next + " in a kept result");
      });
    }
    return sb.toString();
  }
}

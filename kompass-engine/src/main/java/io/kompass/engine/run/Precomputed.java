package io.kompass.engine.run;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.expr.ExprPrinter;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * KPI results computed elsewhere (by the Spark job over a data lake) and stored in the workspace.
 * A query whose KPIs all have a stored result for the same key is answered from them, as long as
 * no data was imported into the workspace after the results.
 */
public final class Precomputed {

  /** Separates dimension values in {@code group_values}. */
  private static final String SEP = "\u001f";

  private Precomputed() {}

  /** What a stored result is: KPI, source, when it was imported. */
  public record Entry(String kpi, String variant, String computedBy, LocalDateTime importedAt, String key) {}

  /**
   * The key of one KPI of a query: everything its numbers depend on. Periods are keyed by their
   * boundaries, so two ranges that cover the same whole periods share a key.
   */
  public static String key(KpiQuery q, KpiRequest r) {
    List<Period> periods = q.periods();
    Map<String, String> params = new TreeMap<>(r.params());
    return String.join("|", r.kpi(), String.join("+", r.variants().isEmpty() ? List.of("default") : r.variants()), params.toString(),
        q.grain().id(), Integer.toString(q.calendar().fiscalStartMonth()), periods.get(0).start().toString(),
        periods.get(periods.size() - 1).end().toString(), String.join(",", q.groupBy()), q.filter() == null ? "" : ExprPrinter.print(q.filter()),
        Integer.toString(q.minN()), q.fxDate() == null ? "" : q.fxDate().toString());
  }

  /** Stores (replacing) the results of a query, computed by {@code computedBy} (e.g. "spark"). */
  public static void store(Connection c, KpiQuery query, KpiResult result, String computedBy, LocalDateTime importedAt) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int i = 0; i < query.kpis().size(); i++) {
        String key = key(query, query.kpis().get(i));
        KpiSeries s = result.kpis().get(i);
        for (String table : List.of("precomputed_cells", "precomputed_series")) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE query_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO precomputed_series (query_key, kpi, variant, computed_by, imported_at, currency,"
            + " conversion) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, key);
          ps.setString(2, s.id());
          ps.setString(3, s.variant());
          ps.setString(4, computedBy);
          ps.setObject(5, importedAt);
          ps.setString(6, result.currency());
          ps.setString(7, result.conversion());
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO precomputed_cells (query_key, position, period_start, period_end, group_values,"
            + " value, numerator, denominator, n, ci_low, ci_high, low_volume, included, excluded, converted)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          int pos = 0;
          for (Cell cell : s.cells()) {
            ps.setString(1, key);
            ps.setInt(2, pos++);
            ps.setObject(3, cell.period().start());
            ps.setObject(4, cell.period().end());
            List<String> group = new ArrayList<>();
            for (String d : query.groupBy()) {
              String v = cell.group().get(d);
              group.add(v == null ? "\u0000" : v);
            }
            ps.setString(5, query.groupBy().isEmpty() ? null : String.join(SEP, group));
            setDouble(ps, 6, cell.value());
            setDouble(ps, 7, cell.numerator());
            setDouble(ps, 8, cell.denominator());
            ps.setLong(9, cell.n());
            setDouble(ps, 10, cell.ciLow());
            setDouble(ps, 11, cell.ciHigh());
            ps.setBoolean(12, cell.lowVolume());
            ps.setLong(13, cell.included());
            ps.setLong(14, cell.excluded());
            ps.setLong(15, cell.converted());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double d) throws SQLException {
    if (d == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, d);
    }
  }

  /**
   * The stored answer to a query, when every KPI of it has one imported after the workspace's last
   * data import.
   */
  public static Optional<KpiResult> find(Connection c, Catalog catalog, KpiQuery query) throws SQLException {
    long start = System.nanoTime();
    LocalDateTime lastData = null; // read once a stored result is found: most queries have none
    boolean lastDataRead = false;
    List<KpiSeries> series = new ArrayList<>();
    String currency = null;
    List<String> sources = new ArrayList<>();
    String conversion = null;
    for (KpiRequest r : query.kpis()) {
      String key = key(query, r);
      String by;
      LocalDateTime imported;
      try (PreparedStatement ps = c.prepareStatement("SELECT computed_by, imported_at, currency, conversion FROM precomputed_series WHERE query_key = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          by = rs.getString(1);
          imported = rs.getTimestamp(2).toLocalDateTime();
          currency = rs.getString(3);
          conversion = rs.getString(4);
        }
      }
      if (!lastDataRead) {
        lastData = lastDataImport(c);
        lastDataRead = true;
      }
      if (lastData != null && lastData.isAfter(imported)) {
        return Optional.empty();
      }
      sources.add(by + " (imported " + imported.withNano(0) + ")");
      List<Cell> cells = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT period_start, period_end, group_values, value, numerator, denominator, n, ci_low,"
          + " ci_high, low_volume, included, excluded, converted FROM precomputed_cells WHERE query_key = ? ORDER BY position")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, String> group = new LinkedHashMap<>();
            String[] values = rs.getString(3) == null ? new String[0] : rs.getString(3).split(SEP, -1);
            for (int i = 0; i < query.groupBy().size(); i++) {
              group.put(query.groupBy().get(i), values[i].equals("\u0000") ? null : values[i]);
            }
            cells.add(new Cell(new Period(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)), group, dbl(rs, 4), dbl(rs, 5),
                dbl(rs, 6), rs.getLong(7), dbl(rs, 8), dbl(rs, 9), rs.getBoolean(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), null,
                Map.of()));
          }
        }
      }
      Kpi kpi = catalog.resolve(r.kpi(), r.variants(), r.params());
      series.add(KpiSeries.of(kpi, cells));
    }
    return Optional.of(new KpiResult(query, query.groupBy(), currency, conversion, series, Duration.ofNanos(System.nanoTime() - start),
        "precomputed by " + String.join(", ", sources.stream().distinct().toList())));
  }

  /** Whether any stored result was imported after the workspace's last data import (and so answers queries). */
  public static boolean anyCurrent(Connection c) throws SQLException {
    LocalDateTime lastData = lastDataImport(c);
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM precomputed_series WHERE imported_at >= ?")) {
      ps.setObject(1, lastData == null ? LocalDateTime.of(1, 1, 1, 0, 0) : lastData);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** When the last import that changed data finished, or null when nothing was imported. */
  private static LocalDateTime lastDataImport(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT max(finished_at) FROM import_runs WHERE status = 'done'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp t = rs.getTimestamp(1);
      return t == null ? null : t.toLocalDateTime();
    }
  }

  private static Double dbl(ResultSet rs, int i) throws SQLException {
    double d = rs.getDouble(i);
    return rs.wasNull() ? null : d;
  }

  /** The stored results, newest first. */
  public static List<Entry> list(Connection c) throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT kpi, variant, computed_by, imported_at, query_key FROM precomputed_series ORDER BY imported_at DESC, kpi");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toLocalDateTime(), rs.getString(5)));
      }
    }
    return out;
  }
}

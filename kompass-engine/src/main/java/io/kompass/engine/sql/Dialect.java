package io.kompass.engine.sql;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one SQL engine needs to run Kompass's queries: data (type names, spellings of the few
 * functions that differ), capability checks, and rendering templates for the hooks. Templates use
 * {0}, {1} for arguments, {n} for a number and {unit} for a date part. Nothing outside the
 * renderer switches on an engine's name.
 *
 * @param name engine name as users write it (duckdb, postgresql, spark)
 * @param types type names
 * @param templates daysBetween, addMonths, addDays, dateTrunc, bind (a cast parameter marker, {t}
 *     for the type, {i} for its 1-based position), values (an inline table: {rows}, {alias}, {columns})
 * @param capabilities optional features the engine has
 */
public record Dialect(String name, Map<SqlType, String> types, Map<String, String> templates, Set<Capability> capabilities) {

  /** Optional SQL features; without them the renderer emulates. */
  public enum Capability {
    /** {@code agg(x) FILTER (WHERE ...)}; emulated with CASE inside the aggregate. */
    FILTER_CLAUSE,
    /** {@code a IS NOT DISTINCT FROM b}; emulated with {@code a <=> b} where available, or OR logic. */
    IS_NOT_DISTINCT_FROM,
    /** {@code a <=> b} null-safe equality. */
    NULL_SAFE_EQUALS_OPERATOR,
    /**
     * An in-memory database that all connections to the workspace share ({@code ATTACH ':memory:'}),
     * where computed lookups can be kept until the data changes; without it lookups are computed in
     * every query.
     */
    KEPT_LOOKUPS
  }

  public Dialect {
    types = Map.copyOf(types);
    templates = Map.copyOf(templates);
    capabilities = Set.copyOf(capabilities);
  }

  public boolean supports(Capability c) {
    return capabilities.contains(c);
  }

  String template(String key) {
    String t = templates.get(key);
    if (t == null) {
      throw new IllegalStateException("dialect " + name + " has no template for " + key);
    }
    return t;
  }

  /** Embedded DuckDB, the default engine. */
  public static final Dialect DUCKDB =
      new Dialect(
          "duckdb",
          Map.of(SqlType.BOOLEAN, "BOOLEAN", SqlType.BIGINT, "BIGINT", SqlType.DOUBLE, "DOUBLE", SqlType.VARCHAR, "VARCHAR",
              SqlType.DATE, "DATE", SqlType.TIMESTAMP, "TIMESTAMP"),
          Map.of(
              "daysBetween", "date_diff('day', CAST({0} AS DATE), CAST({1} AS DATE))",
              "addMonths", "({0} + INTERVAL '{n} months')",
              "addDays", "({0} + INTERVAL '{n} days')",
              "dateTrunc", "CAST(date_trunc('{unit}', {0}) AS DATE)",
              "bind", "CAST(? AS {t})",
              "values", "(VALUES {rows}) AS {alias}({columns})"),
          Set.of(Capability.FILTER_CLAUSE, Capability.IS_NOT_DISTINCT_FROM, Capability.KEPT_LOOKUPS));

  /**
   * PostgreSQL. Subtracting dates gives whole days; date_trunc gets a timestamp (a bare date would be
   * promoted to a time-zone-aware timestamp and truncated in the session's zone).
   */
  public static final Dialect POSTGRESQL =
      new Dialect(
          "postgresql",
          Map.of(SqlType.BOOLEAN, "BOOLEAN", SqlType.BIGINT, "BIGINT", SqlType.DOUBLE, "DOUBLE PRECISION", SqlType.VARCHAR, "VARCHAR",
              SqlType.DATE, "DATE", SqlType.TIMESTAMP, "TIMESTAMP"),
          Map.of(
              "daysBetween", "(CAST({1} AS DATE) - CAST({0} AS DATE))",
              "addMonths", "({0} + INTERVAL '{n} months')",
              "addDays", "({0} + INTERVAL '{n} days')",
              "dateTrunc", "CAST(date_trunc('{unit}', CAST({0} AS TIMESTAMP)) AS DATE)",
              "bind", "CAST(? AS {t})",
              "values", "(VALUES {rows}) AS {alias}({columns})"),
          Set.of(Capability.FILTER_CLAUSE, Capability.IS_NOT_DISTINCT_FROM));

  /**
   * Apache Spark SQL (4.x): strings are STRING, whole-day differences come from datediff. Parameters
   * are named ({@code :p1}, {@code :p2}): Spark binds positional ones in plan order, not text order.
   */
  public static final Dialect SPARK =
      new Dialect(
          "spark",
          Map.of(SqlType.BOOLEAN, "BOOLEAN", SqlType.BIGINT, "BIGINT", SqlType.DOUBLE, "DOUBLE", SqlType.VARCHAR, "STRING",
              SqlType.DATE, "DATE", SqlType.TIMESTAMP, "TIMESTAMP"),
          Map.of(
              "daysBetween", "datediff(CAST({1} AS DATE), CAST({0} AS DATE))",
              "addMonths", "({0} + make_interval(0, {n}))",
              "addDays", "({0} + make_interval(0, 0, 0, {n}))",
              "dateTrunc", "CAST(date_trunc('{unit}', {0}) AS DATE)",
              "bind", "CAST(:p{i} AS {t})",
              "values", "(VALUES {rows}) AS {alias}({columns})"),
          Set.of(Capability.FILTER_CLAUSE, Capability.NULL_SAFE_EQUALS_OPERATOR));

  /** Finds a dialect by name. */
  public static Dialect named(String name) {
    for (Dialect d : List.of(DUCKDB, POSTGRESQL, SPARK)) {
      if (d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown SQL dialect '" + name + "'; known: duckdb, postgresql, spark");
  }
}

package io.kompass.engine.sql;

import java.util.List;

/**
 * A SELECT. {@code comment} is written above it: the planner names each step there, so that
 * generated SQL explains itself.
 */
public record Select(
    List<Item> items,
    From from,
    List<Join> joins,
    SqlExpr where,
    List<SqlExpr> groupBy,
    List<SqlExpr.Order> orderBy,
    boolean distinct) {

  public Select {
    items = List.copyOf(items);
    joins = List.copyOf(joins);
    groupBy = List.copyOf(groupBy);
    orderBy = List.copyOf(orderBy);
  }

  public record Item(SqlExpr expr, String alias) {}

  /** What a SELECT reads from. */
  public sealed interface From {
    record Table(String name, String alias) implements From {}

    record Sub(Select select, String alias) implements From {}

    /**
     * A catalog lookup: one value per key, computed from the data alone (no query range, no
     * filter). It reads as a subquery; an engine that keeps lookups may read a stored copy instead
     * (see {@link SqlRenderer#render(Query, Dialect, java.util.function.Function)}).
     */
    record Lookup(Select select, String alias) implements From {}

    record UnionAll(List<Select> parts, String alias) implements From {
      public UnionAll {
        parts = List.copyOf(parts);
      }
    }

    /** An inline table of bound values. */
    record Values(List<List<SqlExpr>> rows, String alias, List<String> columns) implements From {
      public Values {
        rows = rows.stream().map(List::copyOf).toList();
        columns = List.copyOf(columns);
      }
    }
  }

  /** LEFT, INNER or CROSS join; {@code on} is null for CROSS. */
  public record Join(String type, From from, SqlExpr on) {}

  /** A named step of a WITH query. */
  public record Cte(String name, String step, Select select) {}

  /** A whole query: named steps, then the final SELECT. */
  public record Query(List<Cte> ctes, String step, Select main) {
    public Query {
      ctes = List.copyOf(ctes);
    }
  }
}

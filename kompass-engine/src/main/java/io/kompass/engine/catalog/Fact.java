package io.kompass.engine.catalog;

import io.kompass.engine.expr.Expr;
import java.util.List;
import java.util.Map;

/**
 * What one row of a KPI's input is: a canonical table (or a union of tables), the joins that
 * reach related rows, lookups that aggregate related rows per row, derived columns, money
 * columns with their currency, and the expression of each dimension it can be grouped by.
 *
 * @param levels for facts that hold rows at several levels (targets: company, team, rep), from
 *     coarse to fine: a query uses the finest level whose dimensions it groups or filters by, and
 *     only rows of that level
 * @param where a condition every row of the fact meets, or null
 */
public record Fact(
    String id,
    String table,
    List<UnionPart> union,
    Map<String, Join> joins,
    Map<String, Lookup> lookups,
    Map<String, Expr> columns,
    Map<String, Expr> money,
    Map<String, Expr> dimensions,
    List<Level> levels,
    Expr where) {

  public Fact {
    union = List.copyOf(union);
    joins = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(joins));
    lookups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lookups));
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    money = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(money));
    dimensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dimensions));
    levels = List.copyOf(levels);
  }

  /** A level of a multi-level fact: rows of the level have {@code column} set. */
  public record Level(String column, List<String> dimensions) {
    public Level {
      dimensions = List.copyOf(dimensions);
    }
  }

  /** A join to a canonical table under an alias; LEFT unless {@code inner}. */
  public record Join(String alias, String table, Expr on, boolean inner) {}

  /**
   * A value aggregated from the rows of another fact that match this row:
   * {@code SELECT agg(expr) FROM from WHERE from.<fromKeys> = this.<thisKeys> AND where}, the keys
   * pairwise. {@code fx} is the date of the other fact's rows at which its money is converted, or
   * null when the lookup reads no money. Parameters in {@code expr} and {@code where} take the
   * values of the KPI that reads the lookup.
   */
  public record Lookup(String name, String from, List<Expr> fromKeys, List<Expr> thisKeys, String agg, Expr expr, Expr where, Expr fx) {
    public Lookup {
      fromKeys = List.copyOf(fromKeys);
      thisKeys = List.copyOf(thisKeys);
    }

    /** The names of the parameters it reads, itself only (not lookups it reads in turn). */
    public java.util.Set<String> params() {
      java.util.Set<String> out = new java.util.TreeSet<>();
      for (Expr e : new Expr[] {expr, where}) {
        collectParams(e, out);
      }
      return out;
    }

    private static void collectParams(Expr e, java.util.Set<String> out) {
      if (e == null) {
        return;
      }
      if (e instanceof Expr.Param p) {
        out.add(p.name());
      }
      e.children().forEach(c -> collectParams(c, out));
    }
  }

  /** One part of a union fact: a table, an optional filter, and the value of each fact column. */
  public record UnionPart(String table, Expr where, Map<String, Expr> columns) {
    public UnionPart {
      columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    }
  }
}

package io.kompass.engine.catalog;

import io.kompass.engine.model.CanonicalModel;
import java.util.List;
import java.util.Optional;

/**
 * What a name means inside expressions over a fact: a stored column, a union column, a derived
 * column, a lookup, or (with an alias prefix) a column of a joined table.
 */
public final class FactScope {

  /** What a reference resolves to. */
  public sealed interface Target {
    /** A stored or union column of the fact's own rows. */
    record Own(String column) implements Target {}

    record Derived(String name) implements Target {}

    record Looked(String name) implements Target {}

    record Joined(String alias, String column) implements Target {}

    /** The start or end of the period the row is aggregated into. */
    record Period(String which) implements Target {}
  }

  private final Fact fact;

  public FactScope(Fact fact) {
    this.fact = fact;
  }

  public Fact fact() {
    return fact;
  }

  public List<String> ownColumns() {
    if (fact.table() != null) {
      return CanonicalModel.hasTable(fact.table()) ? CanonicalModel.storedColumns(fact.table()) : List.of();
    }
    return fact.union().isEmpty() ? List.of() : List.copyOf(fact.union().get(0).columns().keySet());
  }

  public Optional<Target> resolve(List<String> path) {
    if (path.size() == 1) {
      String name = path.get(0);
      if (fact.columns().containsKey(name)) {
        return Optional.of(new Target.Derived(name));
      }
      if (fact.lookups().containsKey(name)) {
        return Optional.of(new Target.Looked(name));
      }
      if (ownColumns().contains(name)) {
        return Optional.of(new Target.Own(name));
      }
      // The period a row is aggregated into, unless the fact has a column of that name.
      if (name.equals("period_start") || name.equals("period_end")) {
        return Optional.of(new Target.Period(name));
      }
      return Optional.empty();
    }
    if (path.size() == 2) {
      Fact.Join j = fact.joins().get(path.get(0));
      if (j != null && CanonicalModel.hasTable(j.table()) && CanonicalModel.storedColumns(j.table()).contains(path.get(1))) {
        return Optional.of(new Target.Joined(path.get(0), path.get(1)));
      }
    }
    return Optional.empty();
  }

  /** A sentence listing what the fact offers, for error messages. */
  public String offer() {
    StringBuilder sb = new StringBuilder("columns ").append(String.join(", ", ownColumns()));
    if (!fact.columns().isEmpty()) {
      sb.append("; derived ").append(String.join(", ", fact.columns().keySet().stream().sorted().toList()));
    }
    if (!fact.lookups().isEmpty()) {
      sb.append("; lookups ").append(String.join(", ", fact.lookups().keySet().stream().sorted().toList()));
    }
    if (!fact.joins().isEmpty()) {
      sb.append("; joins ").append(String.join(", ", fact.joins().keySet().stream().sorted().map(a -> a + ".<column>").toList()));
    }
    return sb.toString();
  }
}

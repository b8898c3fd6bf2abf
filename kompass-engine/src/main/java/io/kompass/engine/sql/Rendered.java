package io.kompass.engine.sql;

import java.util.List;

/** SQL text with {@code ?} markers and the values to bind to them, in order. */
public record Rendered(String sql, List<Object> binds) {
  public Rendered {
    binds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(binds));
  }
}

package io.kompass.engine.query;

import java.util.List;

/**
 * A KPI query that cannot run as asked; the message says what to change. Problems a page's controls can lead to
 * also carry a {@link #code} and its {@link #args}, so that a page can say the same in the reader's language.
 */
public class QueryException extends RuntimeException {
  private final String code;
  private final List<String> args;

  public QueryException(String message) {
    this(message, null);
  }

  public QueryException(String message, String code, String... args) {
    super(message);
    this.code = code;
    this.args = List.of(args);
  }

  /** What went wrong, as a stable name (e.g. {@code range_reversed}), or null. */
  public String code() {
    return code;
  }

  /** The values the message names, in the order a translation of {@link #code} takes them. */
  public List<String> args() {
    return args;
  }
}

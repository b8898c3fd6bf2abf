package io.kompass.engine.query;

/** A KPI query that cannot run as asked; the message says what to change. */
public class QueryException extends RuntimeException {
  public QueryException(String message) {
    super(message);
  }
}

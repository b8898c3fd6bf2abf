package io.kompass.engine.expr;

/** A syntax or reference error in an expression, with the character position it was found at. */
public class ExprException extends RuntimeException {
  private final int position;

  public ExprException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Zero-based offset into the expression text, or -1. */
  public int position() {
    return position;
  }
}

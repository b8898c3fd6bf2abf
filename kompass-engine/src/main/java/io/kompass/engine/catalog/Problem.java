package io.kompass.engine.catalog;

/** A mistake in a catalog file. */
public record Problem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}

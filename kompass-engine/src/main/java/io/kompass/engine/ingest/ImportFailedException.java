package io.kompass.engine.ingest;

import java.util.List;

/**
 * An import batch that could not be committed. Nothing of the batch was saved; the message names
 * the file and says what to do. A common failure also has a {@link #code} with the values its
 * message is made of ({@link #args}: file names, columns), so that a page can say it in its own
 * language and with its own advice.
 */
public class ImportFailedException extends RuntimeException {

  private final String code;
  private final List<String> args;

  public ImportFailedException(String message) {
    this(message, null, List.of());
  }

  public ImportFailedException(String message, Throwable cause) {
    super(message, cause);
    this.code = null;
    this.args = List.of();
  }

  public ImportFailedException(String message, String code, List<String> args) {
    super(message);
    this.code = code;
    this.args = List.copyOf(args);
  }

  /** A failure that another one caused, of the same kind (its code and values carried over when it has them). */
  public ImportFailedException(String message, Throwable cause, boolean sameKind) {
    super(message, cause);
    ImportFailedException of = sameKind && cause instanceof ImportFailedException f ? f : null;
    this.code = of == null ? null : of.code;
    this.args = of == null ? List.of() : of.args;
  }

  /** What kind of failure this is ({@code unknown_file}, {@code missing_columns}, {@code empty_file}, ...), or null. */
  public String code() {
    return code;
  }

  /** The values the message is made of, in the order a translation of {@link #code} takes them. */
  public List<String> args() {
    return args;
  }
}

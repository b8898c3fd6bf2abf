package io.kompass.engine.ingest;

/**
 * An import batch that could not be committed. Nothing of the batch was saved; the message names
 * the file and says what to do.
 */
public class ImportFailedException extends RuntimeException {
  public ImportFailedException(String message) {
    super(message);
  }

  public ImportFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

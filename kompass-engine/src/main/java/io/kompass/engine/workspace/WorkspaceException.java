package io.kompass.engine.workspace;

/** A problem with a workspace that the user can act on; the message says what to do. */
public class WorkspaceException extends RuntimeException {
  public WorkspaceException(String message) {
    super(message);
  }

  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }
}

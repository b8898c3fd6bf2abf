package io.kompass.engine;

/** Receives progress of long operations (imports, demo generation) for display. */
@FunctionalInterface
public interface Progress {
  Progress NONE = (task, done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units of {@code task} are finished.
   *
   * @param total the number of units, or a negative number when unknown
   */
  void update(String task, long done, long total);
}

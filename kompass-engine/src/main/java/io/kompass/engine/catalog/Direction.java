package io.kompass.engine.catalog;

/** Whether a higher or a lower value is better; decides colours, alerts and goal pacing. */
public enum Direction {
  HIGHER,
  LOWER,
  /**
   * Neither is better in itself (the length of calls: longer can be real dialogue or a rep who cannot close): a change
   * is shown and tested, but not called better or worse.
   */
  NEUTRAL
}

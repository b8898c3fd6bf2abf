package io.kompass.engine.catalog;

/** Whether a higher or a lower value is better; decides colours, alerts and goal pacing. */
public enum Direction {
  HIGHER,
  LOWER
}

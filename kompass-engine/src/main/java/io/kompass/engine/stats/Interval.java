package io.kompass.engine.stats;

/** A confidence interval. */
public record Interval(double low, double high) {
  public boolean contains(double x) {
    return x >= low - 1e-12 && x <= high + 1e-12;
  }
}

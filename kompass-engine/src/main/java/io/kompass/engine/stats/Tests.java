package io.kompass.engine.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/** Two-sided tests of a before/after difference. Each returns the p-value, or null when it cannot be computed. */
public final class Tests {

  private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

  private Tests() {}

  /** Two-proportion z-test with the pooled proportion. */
  public static Double twoProportions(double x1, double n1, double x2, double n2) {
    if (n1 <= 0 || n2 <= 0) {
      return null;
    }
    double pooled = (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (se == 0) {
      return x1 / n1 == x2 / n2 ? 1.0 : 0.0;
    }
    double z = (x2 / n2 - x1 / n1) / se;
    return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
  }

  /** Welch's t-test of two means from their summaries (unequal variances). */
  public static Double welch(double mean1, double sd1, long n1, double mean2, double sd2, long n2) {
    if (n1 < 2 || n2 < 2) {
      return null;
    }
    double v1 = sd1 * sd1 / n1;
    double v2 = sd2 * sd2 / n2;
    if (v1 + v2 == 0) {
      return mean1 == mean2 ? 1.0 : 0.0;
    }
    double t = (mean2 - mean1) / Math.sqrt(v1 + v2);
    double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
    return 2 * (1 - new TDistribution(null, df).cumulativeProbability(Math.abs(t)));
  }

  /** Mann–Whitney U test (normal approximation with tie correction, as commons-math computes it). */
  public static Double mannWhitney(double[] before, double[] after) {
    if (before.length == 0 || after.length == 0) {
      return null;
    }
    return new MannWhitneyUTest().mannWhitneyUTest(before, after);
  }

  /** z-test of a change in NPS from promoter, detractor and response counts. */
  public static Double nps(double p1, double d1, double n1, double p2, double d2, double n2) {
    if (n1 <= 0 || n2 <= 0) {
      return null;
    }
    double a = p1 / n1 - d1 / n1;
    double b = p2 / n2 - d2 / n2;
    double var = (p1 / n1 + d1 / n1 - a * a) / n1 + (p2 / n2 + d2 / n2 - b * b) / n2;
    if (var == 0) {
      return a == b ? 1.0 : 0.0;
    }
    double z = (b - a) / Math.sqrt(var);
    return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
  }
}

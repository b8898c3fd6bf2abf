package io.kompass.engine.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** 95 % confidence intervals. */
public final class Intervals {

  /** The 97.5 % quantile of the standard normal distribution. */
  public static final double Z95 = 1.959963984540054;

  private Intervals() {}

  /**
   * Wilson score interval of {@code successes} out of {@code trials}; null when there are no
   * trials. Stays inside [0, 1] and behaves well for small samples and rates near 0 or 1.
   */
  public static Interval wilson(double successes, double trials) {
    if (trials <= 0) {
      return null;
    }
    double p = successes / trials;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
    double half = Z95 / (1 + z2 / trials) * Math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Degrees of freedom below this have their t quantile remembered (a query by rep asks for thousands). */
  private static final long CACHED_DF = 10_000;

  private static final java.util.concurrent.ConcurrentHashMap<Long, Double> T975 = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The 97.5 % quantile of Student's t. No random generator is created: the distribution is only
   * evaluated, and seeding one cost more than the quantile itself.
   */
  private static double t975(long df) {
    return new TDistribution(null, df).inverseCumulativeProbability(0.975);
  }

  /** Student t interval of a mean; null for fewer than two values. */
  public static Interval mean(double mean, double sd, long n) {
    if (n < 2 || Double.isNaN(sd)) {
      return null;
    }
    double t = n - 1 < CACHED_DF ? T975.computeIfAbsent(n - 1, Intervals::t975) : t975(n - 1);
    double half = t * sd / Math.sqrt(n);
    return new Interval(mean - half, mean + half);
  }

  /**
   * Interval of a Net Promoter Score (-100..100) from its counts: the variance of the difference
   * of the promoter and detractor shares is (p + d - (p - d)^2) / n.
   */
  public static Interval nps(double promoters, double detractors, double responses) {
    if (responses <= 0) {
      return null;
    }
    double p = promoters / responses;
    double d = detractors / responses;
    double se = Math.sqrt(Math.max(0, p + d - (p - d) * (p - d)) / responses);
    double score = 100 * (p - d);
    return new Interval(Math.max(-100, score - 100 * Z95 * se), Math.min(100, score + 100 * Z95 * se));
  }
}

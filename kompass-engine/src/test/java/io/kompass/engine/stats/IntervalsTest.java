package io.kompass.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalsTest {

  @Test
  void meanIntervalUsesStudentsTQuantile() {
    // mean 10, sd 2, n 5: t(0.975, 4) = 2.776445..., half width 2.776445 * 2 / sqrt(5) = 2.483328...
    Interval ci = Intervals.mean(10, 2, 5);
    assertThat(ci.low()).isCloseTo(10 - 2.48333, within(1e-4));
    assertThat(ci.high()).isCloseTo(10 + 2.48333, within(1e-4));
    // Asked again (the quantile is remembered), and for many degrees of freedom (computed each time): same answers.
    assertThat(Intervals.mean(10, 2, 5)).isEqualTo(ci);
    Interval large = Intervals.mean(0, 1, 1_000_001);
    assertThat(large.high()).isCloseTo(1.959966 / Math.sqrt(1_000_001), within(1e-7));
  }

  @Test
  void noIntervalForFewerThanTwoValues() {
    assertThat(Intervals.mean(10, 2, 1)).isNull();
  }
}

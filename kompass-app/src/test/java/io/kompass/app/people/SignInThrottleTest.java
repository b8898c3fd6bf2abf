package io.kompass.app.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  /** A clock the test moves on. */
  static final class Moving extends Clock {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void theWaitStartsAfterFiveWrongPasswordsAndDoublesWithEachFurtherOneUpToAQuarterOfAnHour() {
    Moving clock = new Moving();
    SignInThrottle throttle = new SignInThrottle(clock);
    for (int i = 0; i < SignInThrottle.FREE_TRIES - 1; i++) {
      throttle.failed("anna@example.com", "10.0.0.1");
    }
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isNull();
    throttle.failed("ANNA@example.com ", "10.0.0.1");
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isEqualTo(clock.now.plus(Duration.ofMinutes(1)));
    clock.now = clock.now.plus(Duration.ofSeconds(61));
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isNull();
    throttle.failed("anna@example.com", "10.0.0.1");
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isEqualTo(clock.now.plus(Duration.ofMinutes(2)));
    for (int i = 0; i < 10; i++) {
      throttle.failed("anna@example.com", "10.0.0.1");
    }
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isEqualTo(clock.now.plus(Duration.ofMinutes(15)));
    assertThat(throttle.refusedUntil("bo@example.com", "10.0.0.1")).isNull();
    // Someone guessing from another address does not lock Anna out where she signs in.
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.2")).isNull();
    // An hour after the last wrong password, the count starts again.
    clock.now = clock.now.plus(Duration.ofMinutes(61));
    throttle.failed("anna@example.com", "10.0.0.1");
    assertThat(throttle.refusedUntil("anna@example.com", "10.0.0.1")).isNull();
  }
}

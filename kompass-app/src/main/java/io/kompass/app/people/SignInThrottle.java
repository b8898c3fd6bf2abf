package io.kompass.app.people;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing a password: after {@link #FREE_TRIES} wrong passwords in a row for one user name from one address,
 * sign-in with that name from that address is refused for a minute, then for twice as long after each further wrong
 * one, up to a quarter of an hour. A right password resets it. Names that are not users count the same, so the
 * refusal tells nothing about who exists; and someone guessing from elsewhere does not lock the user out.
 */
@Component
class SignInThrottle {

  static final int FREE_TRIES = 5;
  static final Duration FIRST_WAIT = Duration.ofMinutes(1);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  /** Names are remembered for this long after their last wrong password. */
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  private record Failures(int count, Instant last, Instant until) {}

  private final ConcurrentHashMap<String, Failures> byName = new ConcurrentHashMap<>();
  private final Clock clock;

  SignInThrottle() {
    this(Clock.systemUTC());
  }

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Until when sign-in with this name from this address is refused, or null when it is not. */
  Instant refusedUntil(String name, String from) {
    Failures f = byName.get(key(name, from));
    return f == null || f.until() == null || !f.until().isAfter(clock.instant()) ? null : f.until();
  }

  /** A right password for the name: it starts again from nothing. */
  void succeeded(String name, String from) {
    byName.remove(key(name, from));
  }

  void failed(String name, String from) {
    Instant now = clock.instant();
    byName.compute(key(name, from), (k, f) -> {
      int count = f == null || f.last().plus(FORGET_AFTER).isBefore(now) ? 1 : f.count() + 1;
      Instant until = null;
      if (count >= FREE_TRIES) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(count - FREE_TRIES, 10));
        until = now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
      }
      return new Failures(count, now, until);
    });
    if (byName.size() > 10_000) {
      byName.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now));
    }
  }

  private static String key(String name, String from) {
    return (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) + " from " + from;
  }
}

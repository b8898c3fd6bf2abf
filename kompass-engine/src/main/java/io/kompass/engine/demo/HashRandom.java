package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Deterministic randomness inside DuckDB. A draw is a pure function of (seed, row key, draw name):
 * {@code hash()} of the key and the draw's salt, mixed with the seed. Unlike {@code random()} it
 * gives the same value however DuckDB splits the work over threads, so the same spec always gives
 * the same rows.
 */
final class HashRandom {

  private HashRandom() {}

  /** Defines the {@code demo_u}, {@code demo_z} and {@code demo_workday} macros for this connection. */
  static void install(Connection c, long seed) throws SQLException {
    // DuckDB's hash() of a single integer mixes well (checked: no correlation between salts or
    // neighbouring keys); combining several arguments in one hash() call does not, hence one argument.
    long mix = splitmix(seed) & 0x3FFF_FFFF_FFFF_FFFFL;
    try (Statement s = c.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP MACRO demo_u(k, s) AS"
          + " hash(xor((CAST(k AS BIGINT) * 256 + s)::UBIGINT, " + mix + "::UBIGINT)) / 18446744073709551616.0");
      // Box-Muller; the second uniform comes from the salt + 128 so it never meets another draw.
      s.execute("CREATE OR REPLACE TEMP MACRO demo_z(k, s) AS"
          + " sqrt(-2.0 * ln(1.0 - demo_u(k, s))) * cos(2.0 * pi() * demo_u(k, s + 128))");
      // Moves a Saturday to the Friday before and a Sunday to the Monday after (epoch days; 1970-01-01 was a Thursday).
      s.execute("CREATE OR REPLACE TEMP MACRO demo_workday(d) AS"
          + " CASE (d + 3) % 7 WHEN 5 THEN d - 1 WHEN 6 THEN d + 1 ELSE d END");
    }
  }

  /** A uniform draw in [0, 1) for the row {@code key} (a SQL expression of a non-negative integer). */
  static String u(String key, Draw draw) {
    return "demo_u(" + key + ", " + draw.ordinal() + ")";
  }

  /** SplitMix64 finaliser: spreads nearby seeds (1, 2, 3...) over the whole 64-bit range. */
  static long splitmix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package io.kompass.engine.demo;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What demo company to generate.
 *
 * @param seed the seed of every random choice: the same spec always gives the same rows
 * @param deals how many deals to generate; every other table is sized from it
 * @param end the last day of the 36 months the data covers (inclusive)
 */
public record DemoSpec(long seed, int deals, LocalDate end) {

  /** Fewer deals than this leave too few customers for renewals, expansion and retention to show. */
  public static final int MIN_DEALS = 500;

  private static final Map<String, Integer> PRESETS = presets();

  public DemoSpec {
    Objects.requireNonNull(end, "end");
    if (deals < MIN_DEALS) {
      throw new IllegalArgumentException("a demo company needs at least " + MIN_DEALS + " deals, got " + deals);
    }
  }

  private static Map<String, Integer> presets() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("tiny", 2_000);
    m.put("small", 50_000);
    m.put("medium", 1_000_000);
    m.put("large", 10_000_000);
    return m;
  }

  /** The preset names with their deal counts, smallest first. */
  public static Map<String, Integer> presetSizes() {
    return Collections.unmodifiableMap(PRESETS);
  }

  /**
   * A spec of a named size: tiny (2,000 deals), small (50,000), medium (1,000,000) or large
   * (10,000,000); names are case-insensitive.
   *
   * @throws IllegalArgumentException for another name, listing the presets
   */
  public static DemoSpec preset(String name, long seed, LocalDate end) {
    Integer deals = name == null ? null : PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
    if (deals == null) {
      String known = PRESETS.entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + " deals)")
          .collect(Collectors.joining(", "));
      throw new IllegalArgumentException("unknown demo size '" + name + "'; choose one of " + known);
    }
    return new DemoSpec(seed, deals, end);
  }
}

package io.kompass.engine.expr;

import java.util.Map;

/** The functions expressions may call, with their number of arguments. */
public final class Functions {
  /** Name to arity; -1 means two or more. */
  public static final Map<String, Integer> ARITY =
      Map.ofEntries(
          Map.entry("days_between", 2),
          Map.entry("coalesce", -1),
          Map.entry("earliest", 2),
          Map.entry("latest", 2),
          Map.entry("if", 3),
          Map.entry("lower", 1),
          Map.entry("upper", 1),
          Map.entry("abs", 1),
          Map.entry("round", 2),
          Map.entry("date", 1),
          Map.entry("month_start", 1),
          Map.entry("nullif", 2));

  private Functions() {}

  /** Whether {@code n} arguments fit the function. */
  public static boolean accepts(String name, int n) {
    Integer arity = ARITY.get(name);
    return arity != null && (arity == -1 ? n >= 2 : arity == n);
  }
}

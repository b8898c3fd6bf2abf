package io.kompass.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Entry point: {@code Bench import|kpi [options]}. */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
    if (args.length == 0) {
      System.err.println("usage: bench import [--deals N] | kpi [--deals N] [--workspace file] | engines [--sizes 1000000,3000000] [--runs 2] [--engines duckdb,postgresql,spark]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "import" -> ImportBench.main(rest);
      case "kpi" -> KpiBench.main(rest);
      case "engines" -> EnginesBench.main(rest);
      default -> {
        System.err.println("unknown benchmark " + args[0] + "; known: import, kpi, engines");
        System.exit(2);
      }
    }
  }

  /** Runs a measurement {@code runs} times after one warm-up and returns the median seconds. */
  static double median(int runs, Callable<?> work) throws Exception {
    work.call();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.call();
      times.add((System.nanoTime() - t0) / 1e9);
    }
    times.sort(Double::compare);
    int n = times.size();
    return n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
  }

  /** Runs a measurement once, without warm-up (for sizes where a run takes many minutes). */
  static double once(Callable<?> work) throws Exception {
    long t0 = System.nanoTime();
    work.call();
    return (System.nanoTime() - t0) / 1e9;
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024 * 1024) + " GiB";
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%,.0f", d);
  }

  static String sec(double d) {
    return String.format(Locale.ROOT, "%.2f s", d);
  }

  static long longArg(String[] args, String name, long dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Long.parseLong(args[i + 1].replace("_", ""));
      }
    }
    return dflt;
  }

  static String stringArg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  /** Deletes a folder the benchmark created, with everything in it. */
  static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }
}

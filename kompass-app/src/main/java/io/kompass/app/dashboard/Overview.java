package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.KpiSeries;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's numbers: a KPI query for every focus KPI that can be filtered as asked (KPIs
 * that cannot, e.g. retention by team, get a tile that says so), and the targets.
 */
public record Overview(Filters filters, List<String> focus, List<Tile> tiles) {

  public boolean tooMany() {
    return focus.size() > Focus.ADVISED_MAX;
  }

  public static Overview of(Numbers numbers, SignedIn user, Filters filters, List<String> focus) {
    Catalog catalog = numbers.catalog();
    List<KpiRequest> runnable = new ArrayList<>();
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (String id : focus) {
      List<String> lacking = new ArrayList<>(filters.dimensions().keySet());
      lacking.removeAll(catalog.dimensionsOf(id));
      missing.put(id, lacking);
      if (lacking.isEmpty()) {
        runnable.add(KpiRequest.of(id));
      }
    }
    // One query per KPI, side by side: on large data that is faster than one query for all, and each KPI's
    // result is cached on its own, so a changed focus set reuses the others.
    Map<String, CompletableFuture<KpiSeries>> series = new LinkedHashMap<>();
    for (KpiRequest r : runnable) {
      series.put(r.kpi(), CompletableFuture.supplyAsync(
          () -> numbers.run(user, filters.query(List.of(r), List.of(), filters.filter())).kpis().get(0), QUERIES));
    }
    List<Tile> tiles = new ArrayList<>();
    boolean targetLevel = filters.dimensions().isEmpty() || filters.dimensions().keySet().equals(java.util.Set.of("team"));
    for (String id : focus) {
      Kpi kpi = catalog.kpi(id);
      if (!missing.get(id).isEmpty()) {
        tiles.add(Tile.unavailable(kpi, missing.get(id)));
        continue;
      }
      KpiSeries s = join(series.get(id));
      Double target = null;
      if (targetLevel && !s.cells().isEmpty()) {
        target = Targets.of(numbers, id, kpi.unit(), s.cells().get(s.cells().size() - 1).period(), filters.get("team"));
      }
      tiles.add(Tile.of(kpi, s, target));
    }
    return new Overview(filters, focus, tiles);
  }

  /** Threads for the overview's KPI queries (DuckDB parallelises inside each query too). */
  private static final ExecutorService QUERIES = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "kompass-overview");
    t.setDaemon(true);
    return t;
  });

  private static KpiSeries join(CompletableFuture<KpiSeries> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }
}

package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.QueryPolicy;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's numbers: every focus KPI that can be filtered as asked (KPIs that cannot, e.g.
 * retention by team, get a tile that says so), computed together and cached one by one, and the
 * targets.
 */
public record Overview(Filters filters, List<String> focus, List<Tile> tiles, List<String> withheld) {

  public boolean tooMany() {
    return focus.size() > Focus.ADVISED_MAX;
  }

  public static Overview of(Numbers numbers, SignedIn user, Filters filters, List<String> focus) {
    Catalog catalog = numbers.catalog();
    Map<String, List<String>> missing = missing(catalog, filters, focus);
    List<KpiRequest> runnable = runnable(missing);
    // The KPIs not cached yet run as one query, so that work they share is done once; each is cached on its own.
    Map<String, KpiSeries> series = new LinkedHashMap<>();
    if (!runnable.isEmpty()) {
      List<KpiResult> each = numbers.runEach(user, filters.query(runnable, List.of(), filters.filter()));
      for (int i = 0; i < runnable.size(); i++) {
        series.put(runnable.get(i).kpi(), each.get(i).kpis().get(0));
      }
    }
    List<Tile> tiles = new ArrayList<>();
    boolean targetLevel = filters.dimensions().isEmpty() || filters.dimensions().keySet().equals(java.util.Set.of("team"));
    for (String id : focus) {
      Kpi kpi = catalog.kpi(id);
      if (!missing.get(id).isEmpty()) {
        tiles.add(Tile.unavailable(kpi, missing.get(id)));
        continue;
      }
      KpiSeries s = series.get(id);
      Double target = null;
      if (targetLevel && !s.cells().isEmpty()) {
        target = Targets.of(numbers, kpi, s.cells().get(s.cells().size() - 1).period(), filters.get("team"));
      }
      tiles.add(Tile.of(kpi, s, target, Pages.today(numbers)));
    }
    // KPIs that count reps themselves show a reason instead of their (withheld) values to reps and viewers.
    List<String> withheld = focus.stream().filter(id -> QueryPolicy.withheldAtTeamLevel(user, catalog, id)).toList();
    return new Overview(filters, focus, tiles, withheld);
  }

  /**
   * Computes the default overview's KPIs on the data as it is now and keeps them in the workspace
   * ({@link Numbers#keepAhead}), so that the next server to show it (this one after an import, or one
   * started on the workspace later) reads them instead of computing them. True when it did.
   */
  public static boolean keepDefault(Numbers numbers) {
    KpiQuery q = query(numbers.catalog(), Filters.defaults(numbers), Focus.ids(numbers, null));
    return q != null && numbers.keepAhead(Warmup.KOMPASS, q);
  }

  /**
   * For a command that wrote data (an import, a demo company): keeps the default overview for it,
   * so that a server started on the workspace shows it at once. Best effort: when it fails, the
   * server computes it. Off with {@code KOMPASS_KEPT_RESULTS=false}, as in the server.
   */
  public static void keepDefault(io.kompass.engine.workspace.Workspace workspace, Catalog catalog) {
    if ("false".equalsIgnoreCase(System.getenv("KOMPASS_KEPT_RESULTS"))) {
      return;
    }
    try {
      keepDefault(new Numbers(workspace, catalog, new io.kompass.app.numbers.DataVersion(event -> {}), false, true));
    } catch (RuntimeException e) {
      System.getLogger(Overview.class.getName()).log(System.Logger.Level.DEBUG, "the default overview was not kept: {0}", e.getMessage());
    }
  }

  /** The one query of an overview's tiles, or null when no focus KPI can be filtered as asked. */
  static KpiQuery query(Catalog catalog, Filters filters, List<String> focus) {
    List<KpiRequest> runnable = runnable(missing(catalog, filters, focus));
    return runnable.isEmpty() ? null : filters.query(runnable, List.of(), filters.filter());
  }

  /** For each focus KPI, the filtered dimensions it does not have (none: it can be filtered as asked). */
  private static Map<String, List<String>> missing(Catalog catalog, Filters filters, List<String> focus) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (String id : focus) {
      List<String> lacking = new ArrayList<>(filters.dimensions().keySet());
      lacking.removeAll(catalog.dimensionsOf(id));
      missing.put(id, lacking);
    }
    return missing;
  }

  private static List<KpiRequest> runnable(Map<String, List<String>> missing) {
    return missing.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(e -> KpiRequest.of(e.getKey())).toList();
  }
}

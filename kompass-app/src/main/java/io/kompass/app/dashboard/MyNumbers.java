package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.Numbers.Spread;
import io.kompass.app.numbers.QueryPolicy;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.KpiResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rep's numbers: for each focus KPI that can be split by rep, the rep's value per period next to
 * the median and quartiles of their team's reps (never another rep's own value), or of all reps in a
 * period when too few of the team have a value (see {@link Numbers#MIN_SPREAD}), and the rep's target
 * where one exists.
 *
 * @param rep the rep's id, name and team
 * @param kpis one entry per focus KPI that has values per rep
 * @param skipped focus KPIs that cannot be split by rep (e.g. CAC, retention)
 */
public record MyNumbers(Subject rep, Filters filters, List<Mine> kpis, List<Kpi> skipped, List<Kpi> notFilterable) {

  /** Whose numbers: a rep row. */
  public record Subject(String id, String name, String team) {}

  /** One KPI of the page: the rep's tile and the team's spread in each period. */
  public record Mine(Tile tile, List<Spread> team) {
    public Spread latest() {
      return team.isEmpty() ? null : team.get(team.size() - 1);
    }
  }

  public static MyNumbers of(Numbers numbers, SignedIn user, Subject rep, Filters chosen, List<String> focus) {
    Catalog catalog = numbers.catalog();
    // The page's filters (a product, a channel) apply to the rep's numbers and the spreads alike; not a team: the rep's
    // team is the one they are compared with.
    Map<String, String> dimensions = new java.util.LinkedHashMap<>(chosen.dimensions());
    dimensions.remove("team");
    Filters filters = new Filters(chosen.from(), chosen.to(), chosen.grain(), dimensions, chosen.fiscalStart(), chosen.upToToday(), chosen.fromDefault());
    List<KpiRequest> split = new ArrayList<>();
    List<Kpi> skipped = new ArrayList<>();
    List<Kpi> notFilterable = new ArrayList<>();
    for (String id : focus) {
      List<String> dims = catalog.dimensionsOf(id);
      if (!dims.contains(QueryPolicy.REP) || !dims.contains("team")) {
        skipped.add(catalog.kpi(id));
      } else if (!dims.containsAll(filters.dimensions().keySet())) {
        notFilterable.add(catalog.kpi(id));
      } else {
        split.add(KpiRequest.of(id));
      }
    }
    List<Mine> mine = new ArrayList<>();
    if (!split.isEmpty()) {
      KpiResult own = numbers.run(user, filters.query(split, List.of(), filters.filterAnd(QueryPolicy.equalTo(QueryPolicy.REP, rep.name()))));
      Map<String, List<Spread>> team = rep.team() == null ? Map.of()
          : numbers.spread(filters.query(split, List.of(QueryPolicy.REP), filters.filterAnd(QueryPolicy.equalTo("team", rep.team()))), false);
      // All reps' spread only when the team lacks one in some period: a query by rep over the whole company.
      boolean teamTooSmall = rep.team() == null || split.stream().anyMatch(r -> team.getOrDefault(r.kpi(), List.of()).stream()
          .anyMatch(s -> s.median() == null));
      Map<String, List<Spread>> all = teamTooSmall
          ? numbers.spread(filters.query(split, List.of(QueryPolicy.REP), filters.filter()), !filters.dimensions().containsKey("team")) : Map.of();
      for (KpiRequest r : split) {
        Kpi kpi = catalog.kpi(r.kpi());
        var series = own.kpi(r.kpi());
        // A rep's target is for all of their deals, not for one product's or channel's.
        Double target = series.cells().isEmpty() || !filters.dimensions().isEmpty() ? null
            : Targets.ofRep(numbers, kpi, series.cells().get(series.cells().size() - 1).period(), rep.id());
        mine.add(new Mine(Tile.of(kpi, series, target, Pages.today(numbers)),
            peers(team.getOrDefault(r.kpi(), List.of()), all.getOrDefault(r.kpi(), List.of()))));
      }
    }
    return new MyNumbers(rep, chosen, mine, skipped, notFilterable);
  }

  /**
   * Per period the team's spread, or all reps' where the team has too few values to show one (and all reps have
   * enough); {@code all} is empty when no period needs it.
   */
  static List<Spread> peers(List<Spread> team, List<Spread> all) {
    List<Spread> out = new ArrayList<>();
    for (int i = 0; i < Math.max(team.size(), all.size()); i++) {
      Spread t = i < team.size() ? team.get(i) : null;
      Spread a = i < all.size() ? all.get(i) : null;
      boolean teamShown = t != null && t.median() != null;
      out.add(teamShown || a == null || (a.median() == null && t != null) ? t : a);
    }
    return out;
  }
}

package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.QueryException;
import java.util.ArrayList;
import java.util.List;

/**
 * The team's focus set: the KPIs its dashboards show. Default: the guide's seven core KPIs. An
 * admin or manager can change it; it is kept in the workspace (workspace_settings key
 * {@value #KEY}). The guide warns against tracking more than about {@value #ADVISED_MAX}.
 */
public final class Focus {

  static final String KEY = "dashboard.focus";
  public static final int ADVISED_MAX = 7;

  private Focus() {}

  /** The focus set: {@code asked} (e.g. from ?kpis=a,b) when given, else the saved set, else the core KPIs. */
  public static List<String> ids(Numbers numbers, String asked) {
    Catalog catalog = numbers.catalog();
    if (asked != null && !asked.isBlank()) {
      List<String> ids = split(asked);
      ids.forEach(catalog::kpi);
      return ids;
    }
    String saved = numbers.setting(KEY);
    if (saved != null && !saved.isBlank()) {
      List<String> ids = split(saved).stream().filter(catalog::hasKpi).toList();
      if (!ids.isEmpty()) {
        return ids;
      }
    }
    return core(catalog);
  }

  static List<String> core(Catalog catalog) {
    return catalog.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id).toList();
  }

  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank() && !out.contains(s.trim())) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty()) {
      throw new QueryException("name at least one KPI");
    }
    return out;
  }

  /** Saves the focus set (ids must be in the catalog); takes effect on the next view. */
  static void save(Numbers numbers, List<String> ids) {
    if (ids.isEmpty()) {
      throw new QueryException("choose at least one KPI for the focus set", "empty_focus");
    }
    ids.forEach(numbers.catalog()::kpi);
    numbers.saveSetting(KEY, String.join(",", ids));
  }


}

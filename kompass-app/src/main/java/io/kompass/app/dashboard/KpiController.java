package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.QueryPolicy;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiSeries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * One KPI in depth: its trend with the 95 % band, a breakdown by a dimension (sortable table and
 * bar chart, latest period), the deal funnel for conversion KPIs, and the definition with the
 * variant in use, which can be switched in place.
 */
@Controller
class KpiController {

  /** The dimensions a breakdown offers, where the KPI has them. */
  static final List<String> BREAKDOWNS = List.of("team", "rep", "region", "product", "channel", "segment");

  /** KPIs about turning leads and deals into customers: their page shows the deal funnel. */
  static final Set<String> CONVERSION = Set.of("lead_conversion_rate", "win_rate", "lost_lead_rate");

  /** The breakdown table's sortable columns. */
  static final List<String> SORT_COLUMNS = List.of("name", "value", "n");

  private final Numbers numbers;
  private final MessageSource messages;
  private final Fragments fragments;

  KpiController(Numbers numbers, MessageSource messages, Fragments fragments) {
    this.numbers = numbers;
    this.messages = messages;
    this.fragments = fragments;
  }

  /** A row of the breakdown table. */
  record Row(String name, Cell cell) {}

  @GetMapping("/kpi/{id}")
  String kpi(@PathVariable String id, @AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "default") String variant,
      @RequestParam(required = false) String by, @RequestParam(defaultValue = "value") String sort,
      @RequestParam(defaultValue = "desc") String dir, HttpServletRequest request, HttpServletResponse response, Locale locale,
      Model model) {
    Catalog catalog = numbers.catalog();
    if (!catalog.hasKpi(id)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    Kpi plain = catalog.kpi(id);
    Filters filters = Filters.of(request, numbers);
    List<String> variants = variant.isBlank() || variant.equals("default") ? List.of() : List.of(variant.split("\\+"));
    Kpi kpi = catalog.resolve(id, variants, Map.of());
    KpiRequest req = new KpiRequest(id, variants, Map.of());
    List<String> dims = catalog.dimensionsOf(id);
    List<String> missing = new ArrayList<>(filters.dimensions().keySet());
    missing.removeAll(dims);
    List<String> breakdowns = BREAKDOWNS.stream().filter(dims::contains)
        .filter(d -> !d.equals("rep") || me.seesEveryRep() || me.isRep()).toList();
    String breakdown = by != null && !by.isBlank() ? by : breakdowns.isEmpty() ? null : breakdowns.get(0);
    if (breakdown != null && !dims.contains(breakdown)) {
      throw new QueryException("KPI " + id + " cannot be broken down by " + breakdown + "; it can by " + String.join(", ", breakdowns), "no_dimension",
          id, breakdown);
    }
    Format fmt = Pages.format(numbers, messages, locale);
    model.addAttribute("kpi", kpi);
    model.addAttribute("plain", plain);
    model.addAttribute("variant", kpi.variantLabel());
    model.addAttribute("filters", filters);
    model.addAttribute("choices", Choices.of(numbers));
    model.addAttribute("missing", missing);
    model.addAttribute("withheld", QueryPolicy.withheldAtTeamLevel(me, catalog, id));
    model.addAttribute("breakdowns", breakdowns);
    model.addAttribute("by", breakdown);
    // A rep's breakdown by rep holds their own row only: the page says so, so that the table is not taken as the team.
    model.addAttribute("ownRowOnly", "rep".equals(breakdown) && me.isRep());
    model.addAttribute("sort", sort);
    model.addAttribute("dir", dir);
    // Only what differs from the page's defaults, so that the address stays short.
    model.addAttribute("keep", OverviewController.keep("variant", "default".equals(kpi.variantLabel()) ? null : kpi.variantLabel(), "by", by,
        "sort", "value".equals(sort) ? null : sort, "dir", "desc".equals(dir) ? null : dir));
    Map<String, String> keepVariant = new java.util.LinkedHashMap<>();
    // A view up to today stays so (see Filters#dates).
    filters.dates().forEach((k, v) -> {
      if (v != null) {
        keepVariant.put(k, v);
      }
    });
    keepVariant.put("grain", filters.grain().id());
    keepVariant.putAll(filters.dimensions());
    keepVariant.putAll(OverviewController.keep("by", by));
    model.addAttribute("keepVariant", keepVariant);
    model.addAttribute("readWith", kpi.guidance().readWith().stream().filter(catalog::hasKpi).map(catalog::kpi).toList());
    if (!missing.isEmpty()) {
      return "dashboard/kpi";
    }
    KpiSeries trend = numbers.run(me, filters.query(List.of(req), List.of(), filters.filter())).kpis().get(0);
    // The target of the latest period, as on the overview: for the company, or for a team when only a team is chosen.
    // Targets are set for a KPI's default measure: a variant (by value, a median instead of a mean) has none.
    boolean targetLevel = "default".equals(variant)
        && (filters.dimensions().isEmpty() || filters.dimensions().keySet().equals(java.util.Set.of("team")));
    Double target = targetLevel && !trend.cells().isEmpty()
        ? Targets.of(numbers, kpi, trend.cells().get(trend.cells().size() - 1).period(), filters.get("team")) : null;
    Tile tile = Tile.of(kpi, trend, target, Pages.today(numbers));
    model.addAttribute("series", trend);
    model.addAttribute("tile", tile);
    model.addAttribute("trendChart", Charts.script(Charts.trend("trend", trend.cells(), kpi.unit(), filters.grain(), fmt)));
    if (breakdown != null && tile.current() != null) {
      // The latest period with data: a cohort KPI such as onboarding time has none in most recent periods.
      var last = tile.current().period();
      for (int i = trend.cells().size() - 1; i >= 0; i--) {
        if (trend.cells().get(i).n() > 0) {
          last = trend.cells().get(i).period();
          break;
        }
      }
      var period = last;
      List<Row> rows = new ArrayList<>();
      for (Cell c : numbers.run(me, filters.query(List.of(req), List.of(breakdown), filters.filter())).kpis().get(0).cells()) {
        if (c.period().equals(period)) {
          String name = c.group().get(breakdown);
          rows.add(new Row(name == null ? fmt.msg("breakdown.none") : name, c));
        }
      }
      Comparator<Row> order = switch (sort) {
        // In the page's alphabet: Å, Ä and Ö after Z in Swedish, among A and O in English.
        case "name" -> Comparator.comparing(Row::name, java.text.Collator.getInstance("sv".equals(locale.getLanguage())
            ? Locale.forLanguageTag("sv-SE") : Locale.forLanguageTag("en-GB")));
        case "n" -> Comparator.comparingLong(r -> r.cell().n());
        default -> Comparator.comparing(r -> r.cell().value(), Comparator.nullsLast(Comparator.naturalOrder()));
      };
      Comparator<Row> directed = dir.equals("asc") ? order : order.reversed();
      // By value, a row without one comes last whichever way: it is neither the lowest nor the highest.
      rows.sort(sort.equals("name") || sort.equals("n") ? directed : Comparator.comparing((Row r) -> r.cell().value() == null).thenComparing(directed));
      model.addAttribute("breakdownPeriod", period);
      // By rep the table has a row per rep; its HTML is kept under the rows it shows and the links' state.
      model.addAttribute("breakdownParts", fragments.html("dashboard/kpi-parts", "breakdown",
          List.of(kpi.id(), kpi.variantLabel(), filters.query(), breakdown, sort, dir, rows),
          () -> Map.of("rows", rows, "kpi", kpi, "fmt", fmt, "filters", filters, "by", breakdown, "variant", kpi.variantLabel(),
              "sort", sort, "dir", dir, "sortColumns", SORT_COLUMNS,
              "breakdownChart", Charts.script(Charts.bars("bars", rows.stream().map(Row::name).toList(),
                  rows.stream().map(r -> r.cell().value()).toList(), kpi.unit(), fmt))),
          locale, request, response));
    }
    if (CONVERSION.contains(id)) {
      Funnel funnel = Funnel.of(numbers, filters);
      model.addAttribute("funnel", funnel);
      List<String> names = funnel.steps().stream()
          .map(s -> s.stage() == null ? fmt.msg("funnel.created") : s.stage()).toList();
      model.addAttribute("funnelChart", Charts.script(Charts.bars("funnel", names,
          funnel.steps().stream().map(s -> (double) s.deals()).toList(), io.kompass.engine.catalog.Unit.COUNT, fmt)));
    }
    return "dashboard/kpi";
  }
}

package io.kompass.app.api;

import io.kompass.app.dashboard.Dashboards;
import io.kompass.app.dashboard.Filters;
import io.kompass.app.dashboard.MyNumbers;
import io.kompass.app.dashboard.Overview;
import io.kompass.app.dashboard.Tile;
import io.kompass.app.kpi.KpiJson;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.run.Cell;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** KPI numbers as JSON, in the shapes of docs/json.md, as the signed-in user may see them. */
@RestController
@Tag(name = "KPIs", description = "KPI results, comparisons, the catalog, the overview and My numbers")
class KpiApi {

  private final Numbers numbers;
  private final Dashboards dashboards;

  KpiApi(Numbers numbers, Dashboards dashboards) {
    this.numbers = numbers;
    this.dashboards = dashboards;
  }

  private LocalDate today() {
    return LocalDate.now(numbers.workspace().settings().timeZone());
  }

  @GetMapping("/api/v1/kpis")
  @Operation(summary = "Compute KPIs", description = "The same parameters and result (schema kompass.kpi-result/1) as"
      + " `kompass kpi <ids> --format json`. Reps get rows of other reps filtered out; viewers cannot group or filter by rep.")
  Map<String, Object> kpis(@AuthenticationPrincipal SignedIn me,
      @Parameter(description = "KPI ids, repeated or comma-separated, e.g. win_rate,revenue") @RequestParam(name = "kpi", required = false) List<String> kpi,
      @Parameter(description = "First day, YYYY-MM-DD (default: the start of the month 11 months before `to`)") @RequestParam(required = false) String from,
      @Parameter(description = "Last day, YYYY-MM-DD (default: today)") @RequestParam(required = false) String to,
      @Parameter(description = "day, week, month, quarter, year or total (default month)") @RequestParam(required = false) String grain,
      @Parameter(description = "Month (1-12) in which quarters and years start (default: the workspace's fiscal year, else 1)")
      @RequestParam(name = "fiscal-start", required = false) String fiscalStart,
      @Parameter(description = "Dimensions to break down by, e.g. team") @RequestParam(required = false) List<String> by,
      @Parameter(description = "Filter on dimensions, e.g. team = 'Nordics'") @RequestParam(required = false) String where,
      @Parameter(description = "Variants, e.g. by_value or win_rate:by_value") @RequestParam(required = false) List<String> variant,
      @Parameter(description = "Parameters, e.g. window_days=90 or cac:categories=marketing") @RequestParam(required = false) List<String> param,
      @Parameter(description = "Flag values resting on fewer rows as low volume (default 30)") @RequestParam(name = "min-n", required = false) String minN,
      @Parameter(description = "Convert money at the rates of this day") @RequestParam(name = "fx-date", required = false) String fxDate) {
    KpiQuery query = ApiQuery.query(numbers.catalog(), kpi, from, to, grain, fiscalStart, by, where, variant, param, minN, fxDate, today(),
        numbers.fiscalStart());
    return KpiJson.result(numbers.run(me, query));
  }

  @GetMapping("/api/v1/comparisons")
  @Operation(summary = "Compare KPIs between two periods", description = "The guide's before/after table (schema"
      + " kompass.kpi-comparison/1), as `kompass compare --format json`. Without kpi, the focus KPIs that can be compared over whole ranges (not retention, which reads the period before) and filtered by the dimensions `where` names.")
  Map<String, Object> compare(@AuthenticationPrincipal SignedIn me,
      @Parameter(description = "The first period, e.g. 2025-01-01..2025-03-31") @RequestParam String before,
      @Parameter(description = "The second period") @RequestParam String after,
      @Parameter(description = "KPI ids (default: the focus KPIs)") @RequestParam(required = false) List<String> kpi,
      @RequestParam(required = false) String where,
      @RequestParam(required = false) List<String> variant,
      @RequestParam(required = false) List<String> param,
      @RequestParam(name = "min-n", required = false) String minN) {
    LocalDate[] b = ApiQuery.range("before", before);
    LocalDate[] a = ApiQuery.range("after", after);
    List<String> ids = ApiQuery.list(kpi);
    var filter = ApiQuery.filter(where);
    if (ids.isEmpty()) {
      List<String> dims = filter == null ? List.of() : filter.refs().stream().map(r -> r.text()).distinct().toList();
      ids = dashboards.focus(null).stream()
          .filter(id -> numbers.catalog().dimensionsOf(id).containsAll(dims)).toList();
    }
    Comparison cmp = numbers.compare(me, ApiQuery.requests(numbers.catalog(), ids, variant, param), b[0], b[1], a[0], a[1],
        filter, ApiQuery.integer("min-n", minN, KpiQuery.DEFAULT_MIN_N));
    return KpiJson.comparison(cmp);
  }

  @GetMapping("/api/v1/catalog")
  @Operation(summary = "The KPI catalog", description = "Schema kompass.kpi-catalog/1, as `kompass kpi list --format json`.")
  Map<String, Object> catalog() {
    Catalog catalog = numbers.catalog();
    List<Object> all = new ArrayList<>();
    for (Kpi k : catalog.kpis()) {
      all.add(KpiJson.definition(k, catalog.dimensionsOf(k.id())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", KpiJson.CATALOG_SCHEMA);
    out.put("kpis", all);
    return out;
  }

  @GetMapping("/api/v1/catalog/{id}")
  @Operation(summary = "One KPI's definition", description = "As `kompass kpi show <id> --format json`.")
  Map<String, Object> definition(@PathVariable String id) {
    return KpiJson.definition(numbers.catalog().kpi(id), numbers.catalog().dimensionsOf(id));
  }

  @GetMapping("/api/v1/overview")
  @DashboardFilters
  @Operation(summary = "The overview's tiles", description = "What the Overview page shows (schema kompass.overview/1): per"
      + " focus KPI the latest period, the change from the one before, every period, and the target where one exists."
      + " kpis=a,b for another focus set.")
  Map<String, Object> overview(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String kpis,
      jakarta.servlet.http.HttpServletRequest request) {
    Filters filters = dashboards.filters(request);
    Overview o = Overview.of(numbers, me, filters, dashboards.focus(kpis));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", "kompass.overview/1");
    out.put("filters", filters(filters));
    out.put("currency", numbers.workspace().settings().currency());
    out.put("focus", o.focus());
    out.put("advised_max", io.kompass.app.dashboard.Focus.ADVISED_MAX);
    out.put("too_many", o.tooMany());
    List<Object> tiles = new ArrayList<>();
    for (Tile t : o.tiles()) {
      Map<String, Object> m = tile(t);
      m.put("withheld", o.withheld().contains(t.kpi().id()));
      tiles.add(m);
    }
    out.put("tiles", tiles);
    out.put("data_version", numbers.version());
    return out;
  }

  @GetMapping("/api/v1/me")
  @DashboardFilters
  @Operation(summary = "The signed-in user and their numbers", description = "Who is signed in, and for a rep (or, for admins"
      + " and managers, the rep given as rep=<id>) the My numbers page: the rep's value per period and focus KPI with the team's"
      + " median and quartiles (schema kompass.my-numbers/1). Reps cannot ask for another rep.")
  Map<String, Object> me(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String rep,
      @RequestParam(required = false) String kpis, jakarta.servlet.http.HttpServletRequest request) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", "kompass.my-numbers/1");
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("email", me.email());
    user.put("name", me.name());
    user.put("role", me.role().id());
    user.put("rep_id", me.repId());
    out.put("user", user);
    MyNumbers.Subject subject = me.isRep() || me.seesEveryRep() || (rep != null && !rep.isBlank()) ? dashboards.subject(me, rep) : null;
    if (subject == null) {
      out.put("rep", null);
      out.put("kpis", List.of());
      return out;
    }
    Filters filters = dashboards.filters(request);
    MyNumbers page = MyNumbers.of(numbers, me, subject, filters, dashboards.focus(kpis));
    out.put("rep", Map.of("id", subject.id(), "name", subject.name(), "team", subject.team() == null ? "" : subject.team()));
    out.put("filters", filters(filters));
    List<Object> kpiList = new ArrayList<>();
    for (MyNumbers.Mine m : page.kpis()) {
      Map<String, Object> k = tile(m.tile());
      List<Object> team = new ArrayList<>();
      for (int i = 0; i < m.team().size(); i++) {
        var s = m.team().get(i);
        Map<String, Object> sm = new LinkedHashMap<>();
        Cell cell = i < m.tile().cells().size() ? m.tile().cells().get(i) : null;
        sm.put("period_start", cell == null ? null : cell.period().start().toString());
        sm.put("reps", s.reps());
        sm.put("q1", s.q1());
        sm.put("median", s.median());
        sm.put("q3", s.q3());
        sm.put("of", s.allReps() ? "all_reps" : "team");
        team.add(sm);
      }
      k.put("team", team);
      kpiList.add(k);
    }
    out.put("kpis", kpiList);
    out.put("not_by_rep", page.skipped().stream().map(Kpi::id).toList());
    out.put("not_filterable", page.notFilterable().stream().map(Kpi::id).toList());
    return out;
  }

  static Map<String, Object> filters(Filters f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", f.from().toString());
    m.put("to", f.to().toString());
    m.put("grain", f.grain().id());
    m.put("fiscal_year_start_month", f.fiscalStart());
    m.put("dimensions", f.dimensions());
    return m;
  }

  static Map<String, Object> tile(Tile t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.kpi().id());
    m.put("name", text(t.kpi().name()));
    m.put("unit", lower(t.kpi().unit()));
    m.put("direction", lower(t.kpi().direction()));
    m.put("variant", t.variant());
    m.put("available", t.available());
    m.put("not_filterable_by", t.missing());
    m.put("current", t.current() == null ? null : KpiJson.cell(t.current()));
    m.put("previous", t.previous() == null ? null : KpiJson.cell(t.previous()));
    m.put("absolute_change", t.absoluteChange());
    m.put("relative_change", t.relativeChange());
    m.put("effect", t.effect());
    m.put("days_so_far", t.daysSoFar());
    m.put("days_in_period", t.current() == null ? null : t.daysInPeriod());
    m.put("target", t.target());
    m.put("cells", t.cells().stream().map(KpiJson::cell).toList());
    return m;
  }

  static Map<String, String> text(Text t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", t.en());
    m.put("sv", t.sv());
    return m;
  }

  static String lower(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }
}

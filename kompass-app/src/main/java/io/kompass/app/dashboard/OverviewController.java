package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.workspace.Workspace;
import io.kompass.app.people.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The overview: a tile per focus KPI; and changing the focus set. */
@Controller
class OverviewController {

  private final Numbers numbers;
  private final MessageSource messages;
  private final Fragments fragments;
  private final Warmup warmup;

  OverviewController(Numbers numbers, MessageSource messages, Fragments fragments, Warmup warmup) {
    this.numbers = numbers;
    this.messages = messages;
    this.fragments = fragments;
    this.warmup = warmup;
  }

  @GetMapping("/")
  String overview(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String kpis, HttpServletRequest request,
      HttpServletResponse response, Locale locale, Model model) {
    Filters filters = Filters.of(request, numbers);
    Overview overview = Overview.of(numbers, me, filters, Focus.ids(numbers, kpis));
    Map<String, List<String>> choices = Choices.of(numbers);
    Map<String, String> keep = keep("kpis", kpis);
    Format fmt = Pages.format(numbers, messages, locale);
    String part = "dashboard/overview-parts";
    // The tiles are keyed by the numbers they show (with their targets) and the filters in their links.
    model.addAttribute("tiles", fragments.html(part, "tiles", List.of(filters.query(), overview),
        () -> Map.of("overview", overview, "filters", filters, "fmt", fmt, "sparks", sparks(overview, filters, fmt)), locale, request, response));
    model.addAttribute("filterBar", fragments.html(part, "filter-bar", List.of(filters, choices, keep),
        () -> Map.of("filters", filters, "choices", choices, "keep", keep, "grains", Filters.GRAINS, "filterDimensions", Filters.DIMENSIONS),
        locale, request, response));
    if (me.seesEveryRep()) {
      model.addAttribute("focusChecks", fragments.html(part, "focus-checks", List.of(overview.focus()),
          () -> Map.of("catalog", numbers.catalog().kpis(), "focus", overview.focus(), "fmt", fmt), locale, request, response));
    }
    model.addAttribute("overview", overview);
    model.addAttribute("filters", filters);
    return "dashboard/overview";
  }

  /** Each tile's sparkline, as the chart script's JSON. */
  private static Map<String, String> sparks(Overview overview, Filters filters, Format fmt) {
    Map<String, String> sparks = new LinkedHashMap<>();
    for (Tile t : overview.tiles()) {
      if (t.available()) {
        sparks.put(t.kpi().id(), Charts.script(Charts.trend("spark", t.cells(), t.kpi().unit(), filters.grain(), fmt)));
      }
    }
    return sparks;
  }

  /** Saves the focus set (admins and managers; the security configuration checks the role too). */
  @PostMapping("/focus")
  String focus(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "kpi", required = false) List<String> kpis,
      org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
    if (!me.seesEveryRep()) {
      throw new AccessDeniedException("only admins and managers choose the focus KPIs");
    }
    if (kpis == null || kpis.isEmpty()) {
      // Back to the overview, its focus form open and saying why, the saved set unchanged.
      flash.addFlashAttribute("focusEmpty", true);
      return "redirect:/#focus";
    }
    Focus.save(numbers, kpis);
    warmup.again();
    return "redirect:/";
  }

  /**
   * Saves the month the team's fiscal year starts in (admins and managers): quarters and years of
   * every dashboard, the API and the command line start there from then on.
   */
  @PostMapping("/fiscal-year")
  String fiscalYear(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "start", required = false) String month) {
    if (!me.seesEveryRep()) {
      throw new AccessDeniedException("only admins and managers set the fiscal year");
    }
    String given = month == null ? "" : month.trim();
    int start = given.matches("[0-9]{1,2}") ? Integer.parseInt(given) : 0;
    if (start < 1 || start > 12) {
      throw new QueryException("the fiscal year starts in a month from 1 to 12, not '" + given + "'", "bad_fiscal_start", given);
    }
    numbers.saveSetting(Workspace.FISCAL_START, Integer.toString(start));
    numbers.clear(); // every period of every cached result may change
    warmup.again();
    return "redirect:/";
  }

  /** Parameters a page's filter form keeps as hidden fields (null values are left out). */
  static Map<String, String> keep(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
        out.put(pairs[i], pairs[i + 1]);
      }
    }
    return out;
  }
}

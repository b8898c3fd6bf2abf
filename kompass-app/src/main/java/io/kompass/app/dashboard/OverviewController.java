package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** The overview: a tile per focus KPI; and changing the focus set. */
@Controller
class OverviewController {

  private final Numbers numbers;
  private final MessageSource messages;
  private final ITemplateEngine templates;

  OverviewController(Numbers numbers, MessageSource messages, ITemplateEngine templates) {
    this.numbers = numbers;
    this.messages = messages;
    this.templates = templates;
  }

  @GetMapping("/")
  String overview(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String kpis, HttpServletRequest request,
      HttpServletResponse response, Locale locale, Model model) {
    Filters filters = Filters.of(request, Pages.today(numbers));
    Overview overview = Overview.of(numbers, me, filters, Focus.ids(numbers, kpis));
    // Rendering the tiles is most of a cached view's work. Their HTML depends on nothing but the
    // numbers (with their targets), the language and the filters in the links, so it is kept under
    // exactly those: whoever asks for the same numbers gets the same tiles.
    String tiles = numbers.cached("overview-tiles", List.of(locale.toLanguageTag(), filters.query(), overview),
        () -> tiles(overview, filters, locale, request, response));
    model.addAttribute("overview", overview);
    model.addAttribute("filters", filters);
    model.addAttribute("choices", Choices.of(numbers));
    model.addAttribute("tiles", tiles);
    model.addAttribute("keep", keep("kpis", kpis));
    model.addAttribute("catalog", numbers.catalog().kpis());
    return "dashboard/overview";
  }

  private String tiles(Overview overview, Filters filters, Locale locale, HttpServletRequest request, HttpServletResponse response) {
    Format fmt = Pages.format(numbers, messages, locale);
    Map<String, String> sparks = new LinkedHashMap<>();
    for (Tile t : overview.tiles()) {
      if (t.available()) {
        sparks.put(t.kpi().id(), Charts.script(Charts.trend("spark", t.cells(), t.kpi().unit(), filters.grain(), fmt)));
      }
    }
    WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext()).buildExchange(request, response),
        locale, Map.of("overview", overview, "filters", filters, "fmt", fmt, "sparks", sparks));
    return templates.process("dashboard/tiles", Set.of("tiles"), context);
  }

  /** Saves the focus set (admins and managers; the security configuration checks the role too). */
  @PostMapping("/focus")
  String focus(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "kpi", required = false) List<String> kpis) {
    if (!me.seesEveryRep()) {
      throw new AccessDeniedException("only admins and managers choose the focus KPIs");
    }
    Focus.save(numbers, kpis == null ? List.of() : kpis);
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

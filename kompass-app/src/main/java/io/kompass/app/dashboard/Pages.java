package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page's frame needs (the signed-in user, the formatter, the language links that keep
 * the current view, the data version for live updates), and how a query that cannot run is told:
 * 400 with the reason, as a page or as JSON under /api.
 */
@ControllerAdvice
class Pages {

  private final Numbers numbers;
  private final MessageSource messages;

  Pages(Numbers numbers, MessageSource messages) {
    this.numbers = numbers;
    this.messages = messages;
  }

  @ModelAttribute("me")
  SignedIn me(@AuthenticationPrincipal SignedIn me) {
    return me;
  }

  @ModelAttribute("fmt")
  Format fmt(Locale locale) {
    return format(numbers, messages, locale);
  }

  static Format format(Numbers numbers, MessageSource messages, Locale locale) {
    return new Format(locale, numbers.workspace().settings().currency(), messages, numbers.fiscalStart());
  }

  /** Today in the workspace's time zone: the default end of every dashboard. */
  static java.time.LocalDate today(Numbers numbers) {
    return java.time.LocalDate.now(numbers.workspace().settings().timeZone());
  }

  @ModelAttribute("grains")
  List<io.kompass.engine.query.Grain> grains() {
    return Filters.GRAINS;
  }

  @ModelAttribute("filterDimensions")
  List<String> filterDimensions() {
    return Filters.DIMENSIONS;
  }

  @ModelAttribute("dataVersion")
  long dataVersion() {
    return numbers.version();
  }

  /** The current address with ?lang=en / ?lang=sv in place of any language it had. */
  @ModelAttribute("langUrl")
  Map<String, String> langUrl(HttpServletRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String lang : List.of("en", "sv")) {
      List<String> parts = new ArrayList<>();
      request.getParameterMap().forEach((k, values) -> {
        if (!k.equals("lang") && !k.equals("_csrf")) {
          for (String v : values) {
            parts.add(enc(k) + "=" + enc(v));
          }
        }
      });
      parts.add("lang=" + lang);
      out.put(lang, request.getRequestURI() + "?" + String.join("&", parts));
    }
    return out;
  }

  private static String enc(String s) {
    return s == null ? "" : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Why a query cannot run, in the page's language where the engine names the problem; its own words otherwise. */
  String reason(QueryException e, Locale locale) {
    if (e.code() == null) {
      return e.getMessage();
    }
    Object[] args = e.args().toArray();
    // KPIs and dimensions by their names in the page's language, not their ids.
    int kpi = switch (e.code()) {
      case "no_dimension", "unknown_variant" -> 0;
      case "param_not_allowed", "param_not_whole", "param_not_number" -> 1;
      default -> -1;
    };
    if (kpi >= 0 && numbers.catalog().kpis().stream().anyMatch(k -> k.id().equals(args[kpi]))) {
      args[kpi] = numbers.catalog().kpi((String) args[kpi]).name().in(locale);
    }
    if (e.code().equals("unknown_variant") && numbers.catalog().hasKpi(e.args().get(0))) {
      // The variants by their labels in the page's language.
      Kpi k = numbers.catalog().kpi(e.args().get(0));
      args[2] = java.util.Arrays.stream(((String) args[2]).split(", "))
          .map(v -> v.equals("default") ? messages.getMessage("kpi.variant.default", null, v, locale)
              : k.variants().containsKey(v) ? k.variants().get(v).label().in(locale) : v)
          .collect(java.util.stream.Collectors.joining(", "));
    }
    if (e.code().equals("no_dimension")) {
      args[1] = messages.getMessage("dimension." + args[1], null, (String) args[1], locale).toLowerCase(locale);
    }
    return messages.getMessage("query." + e.code(), args, e.getMessage(), locale);
  }

  @ExceptionHandler(QueryException.class)
  Object badQuery(QueryException e, HttpServletRequest request, HttpServletResponse response, Locale locale) {
    if (request.getRequestURI().startsWith("/api/")) {
      return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
    ModelAndView page = new ModelAndView("error", HttpStatus.BAD_REQUEST);
    page.addObject("status", 400);
    page.addObject("reason", reason(e, locale));
    page.addObject("fmt", fmt(locale));
    page.addObject("langUrl", langUrl(request));
    var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
    page.addObject("me", auth != null && auth.getPrincipal() instanceof SignedIn s ? s : null);
    return page;
  }
}

package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Parts of a page rendered once and reused: a busy dashboard shows the same tiles and filter bar
 * to everyone who asks for the same numbers, and rendering them is most of a cached view's work.
 * A part is kept under its language and a key that must hold everything it shows (the numbers
 * themselves, not a description of them), until the data changes. So a part may differ between
 * people only through its key: the rows a rep may see are part of the key of a table of reps. Parts
 * must not show who is signed in and must not hold a form that carries a CSRF token.
 */
@Component
final class Fragments {

  private final Numbers numbers;
  private final ITemplateEngine templates;

  Fragments(Numbers numbers, ITemplateEngine templates) {
    this.numbers = numbers;
    this.templates = templates;
  }

  /**
   * The HTML of {@code template :: fragment} rendered with the variables {@code variables} gives,
   * from the cache when the same part was rendered under the same language and key.
   */
  String html(String template, String fragment, List<?> key, Supplier<Map<String, Object>> variables, Locale locale,
      HttpServletRequest request, HttpServletResponse response) {
    List<Object> k = new ArrayList<>();
    k.add(locale.toLanguageTag());
    k.addAll(key);
    return numbers.cached("fragment " + template + " :: " + fragment, k, () -> {
      WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
          .buildExchange(request, response), locale, variables.get());
      return templates.process(template, Set.of(fragment), context);
    });
  }
}

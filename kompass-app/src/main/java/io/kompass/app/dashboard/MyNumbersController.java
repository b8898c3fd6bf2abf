package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.Numbers.Spread;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.run.Cell;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RequestParam;

/**
 * My numbers: a rep sees their own page and no one else's; admins and managers can open any
 * rep's page (?rep=R12); viewers have none.
 */
@Controller
class MyNumbersController {

  private final Numbers numbers;
  private final MessageSource messages;

  MyNumbersController(Numbers numbers, MessageSource messages) {
    this.numbers = numbers;
    this.messages = messages;
  }

  /** Whose page a user may open: their own, or (admins and managers) the rep asked for. */
  static MyNumbers.Subject subject(Numbers numbers, SignedIn me, String rep) {
    if (me.isRep()) {
      if (rep != null && !rep.isBlank() && !rep.equals(me.repId())) {
        throw new AccessDeniedException("a rep sees only their own numbers");
      }
      return new MyNumbers.Subject(me.repId(), me.repName(), me.repTeam());
    }
    if (!me.seesEveryRep()) {
      throw new AccessDeniedException("My numbers shows a rep's own numbers; role " + me.role().id() + " has none");
    }
    String id = rep != null && !rep.isBlank() ? rep : me.repId();
    if (id == null) {
      return null;
    }
    return Choices.reps(numbers).stream().filter(r -> r.id().equals(id)).findFirst()
        .map(r -> new MyNumbers.Subject(r.id(), r.name(), r.team()))
        .orElseThrow(() -> new io.kompass.engine.query.QueryException("there is no rep with id " + id, "unknown_rep", id));
  }

  @GetMapping("/me")
  String me(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String rep, @RequestParam(required = false) String kpis,
      HttpServletRequest request, Locale locale, Model model) {
    MyNumbers.Subject subject = subject(numbers, me, rep);
    Filters filters = Filters.of(request, numbers);
    model.addAttribute("filters", filters);
    model.addAttribute("subject", subject);
    model.addAttribute("reps", me.seesEveryRep() ? Choices.reps(numbers) : List.of());
    if (subject == null) {
      return "dashboard/me";
    }
    MyNumbers page = MyNumbers.of(numbers, me, subject, filters, Focus.ids(numbers, kpis));
    Format fmt = Pages.format(numbers, messages, locale);
    Map<String, String> charts = new LinkedHashMap<>();
    for (MyNumbers.Mine m : page.kpis()) {
      List<String> labels = new ArrayList<>();
      List<Double> own = new ArrayList<>();
      List<Double> q1 = new ArrayList<>();
      List<Double> median = new ArrayList<>();
      List<Double> q3 = new ArrayList<>();
      List<Cell> cells = m.tile().cells();
      for (int i = 0; i < cells.size(); i++) {
        labels.add(fmt.period(cells.get(i).period(), filters.grain()));
        own.add(cells.get(i).value());
        Spread s = i < m.team().size() ? m.team().get(i) : null;
        q1.add(s == null ? null : s.q1());
        median.add(s == null ? null : s.median());
        q3.add(s == null ? null : s.q3());
      }
      charts.put(m.tile().kpi().id(), Charts.script(Charts.versus(labels, own, q1, median, q3, m.tile().kpi().unit(),
          m.latest() != null && m.latest().allReps(), fmt)));
    }
    model.addAttribute("page", page);
    model.addAttribute("skippedNames", String.join(", ", page.skipped().stream().map(k -> fmt.text(k.name())).toList()));
    model.addAttribute("notFilterableNames", String.join(", ", page.notFilterable().stream().map(k -> fmt.text(k.name())).toList()));
    model.addAttribute("charts", charts);
    model.addAttribute("minPeers", Numbers.MIN_SPREAD);
    return "dashboard/me";
  }
}

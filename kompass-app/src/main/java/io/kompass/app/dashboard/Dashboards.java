package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the API needs to give the same answers as the pages: their filters, focus set and whose My numbers. */
@Component
public class Dashboards {

  private final Numbers numbers;

  Dashboards(Numbers numbers) {
    this.numbers = numbers;
  }

  /** The dashboard filters of a request (from, to, grain, team, region, product, channel). */
  public Filters filters(HttpServletRequest request) {
    return Filters.of(request, numbers);
  }

  /** The focus set: {@code asked} (a,b,c) when given, else the saved one, else the core KPIs. */
  public List<String> focus(String asked) {
    return Focus.ids(numbers, asked);
  }

  /** Whose My numbers a user may see: their own (reps), any rep's (admins, managers), none (viewers: 403). */
  public MyNumbers.Subject subject(SignedIn me, String rep) {
    return MyNumbersController.subject(numbers, me, rep);
  }
}

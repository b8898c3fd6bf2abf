package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Text;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's before/after table for the focus KPIs: two periods, each KPI's value in both, the
 * change, whether it is better or worse, and whether it is distinguishable from noise. Default:
 * the last three whole months against the three before them.
 *
 * @param comparison null when no focus KPI can be filtered as asked
 * @param skipped focus KPIs that cannot be filtered as asked
 */
public record BeforeAfter(LocalDate beforeFrom, LocalDate beforeTo, LocalDate afterFrom, LocalDate afterTo, Filters filters,
    Comparison comparison, List<Kpi> skipped, String problem) {

  /** Periods the page cannot compare: the form shows them again with the reason ({@link #problem}, a message code). */
  static final java.util.Set<String> PERIOD_PROBLEMS = java.util.Set.of("compare_range_reversed", "compare_overlap");

  static BeforeAfter of(Numbers numbers, SignedIn user, HttpServletRequest request, LocalDate today, List<String> focus) {
    LocalDate thisMonth = today.withDayOfMonth(1);
    LocalDate afterFrom = Filters.date(request, "afterFrom", thisMonth.minusMonths(3));
    LocalDate afterTo = Filters.date(request, "afterTo", thisMonth.minusDays(1));
    LocalDate beforeFrom = Filters.date(request, "beforeFrom", afterFrom.minusMonths(3));
    LocalDate beforeTo = Filters.date(request, "beforeTo", afterFrom.minusDays(1));
    Filters filters = Filters.of(request, today, numbers.fiscalStart());
    if (afterTo.isBefore(afterFrom) || beforeTo.isBefore(beforeFrom)) {
      return new BeforeAfter(beforeFrom, beforeTo, afterFrom, afterTo, filters, null, List.of(), "compare_range_reversed");
    }
    List<KpiRequest> runnable = new ArrayList<>();
    List<Kpi> skipped = new ArrayList<>();
    for (String id : focus) {
      if (numbers.catalog().dimensionsOf(id).containsAll(filters.dimensions().keySet())) {
        runnable.add(KpiRequest.of(id));
      } else {
        skipped.add(numbers.catalog().kpi(id));
      }
    }
    Comparison cmp;
    try {
      cmp = runnable.isEmpty() ? null
          : numbers.compare(user, runnable, beforeFrom, beforeTo, afterFrom, afterTo, filters.filter(), KpiQuery.DEFAULT_MIN_N);
    } catch (QueryException e) {
      if (!PERIOD_PROBLEMS.contains(e.code())) {
        throw e;
      }
      return new BeforeAfter(beforeFrom, beforeTo, afterFrom, afterTo, filters, null, skipped, e.code());
    }
    return new BeforeAfter(beforeFrom, beforeTo, afterFrom, afterTo, filters, cmp, skipped, null);
  }

  /** The KPIs whose after period is still settling (cohorts), so their change is not judged. */
  public List<Text> settling() {
    return withEffect(Comparison.Effect.SETTLING);
  }

  /** The accruing KPIs (such as revenue) whose after period has not ended, so their change is not judged. */
  public List<Text> running() {
    return withEffect(Comparison.Effect.RUNNING);
  }

  /** The accruing KPIs compared over ranges of clearly different length, so their change is not judged. */
  public List<Text> unequal() {
    return withEffect(Comparison.Effect.UNEQUAL);
  }

  private List<Text> withEffect(Comparison.Effect effect) {
    return comparison == null ? List.of() : comparison.rows().stream().filter(r -> r.effect() == effect).map(Comparison.Row::name).toList();
  }

  /** The URL parameters of the two periods, for links that keep them. */
  public String periods() {
    return "beforeFrom=" + beforeFrom + "&beforeTo=" + beforeTo + "&afterFrom=" + afterFrom + "&afterTo=" + afterTo;
  }
}

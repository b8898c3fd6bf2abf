package io.kompass.engine.query;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns dates into periods of a grain. Quarters and years start in {@code fiscalStartMonth}
 * (1 = January, the calendar year); a fiscal year is named by the calendar year it starts in.
 */
public record Calendar(Grain grain, int fiscalStartMonth) {

  public Calendar {
    if (fiscalStartMonth < 1 || fiscalStartMonth > 12) {
      throw new QueryException("fiscal year start month must be 1 to 12, got " + fiscalStartMonth);
    }
  }

  /** Months to move a date back so that calendar truncation gives the fiscal period start. */
  public int fiscalOffsetMonths() {
    return switch (grain) {
      case QUARTER -> (fiscalStartMonth - 1) % 3;
      case YEAR -> fiscalStartMonth - 1;
      default -> 0;
    };
  }

  /** The start of the period containing {@code d} (for TOTAL there is no such thing). */
  public LocalDate startOf(LocalDate d) {
    return switch (grain) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> d.withDayOfMonth(1);
      case QUARTER, YEAR -> {
        int k = fiscalOffsetMonths();
        LocalDate shifted = d.minusMonths(k).withDayOfMonth(1);
        int months = grain == Grain.QUARTER ? 3 : 12;
        int index = (shifted.getMonthValue() - 1) / months * months;
        yield shifted.withMonth(index + 1).plusMonths(k);
      }
      case TOTAL -> throw new QueryException("the total grain has no period boundaries");
    };
  }

  public LocalDate next(LocalDate start) {
    return switch (grain) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      case MONTH -> start.plusMonths(1);
      case QUARTER -> start.plusMonths(3);
      case YEAR -> start.plusMonths(12);
      case TOTAL -> throw new QueryException("the total grain has no next period");
    };
  }

  /** Length of one period in months, or 0 for day and week grains. */
  public int months() {
    return switch (grain) {
      case MONTH -> 1;
      case QUARTER -> 3;
      case YEAR -> 12;
      default -> 0;
    };
  }

  /** Length of one period in days for day and week grains. */
  public int days() {
    return switch (grain) {
      case DAY -> 1;
      case WEEK -> 7;
      default -> 0;
    };
  }

  /** The whole periods covering {@code from} to {@code to} (inclusive). */
  public List<Period> periods(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new QueryException("the range ends (" + to + ") before it starts (" + from + ")", "range_reversed", to.toString(), from.toString());
    }
    if (grain == Grain.TOTAL) {
      return List.of(new Period(from, to.plusDays(1)));
    }
    List<Period> out = new ArrayList<>();
    for (LocalDate s = startOf(from); !s.isAfter(to); s = next(s)) {
      out.add(new Period(s, next(s)));
      if (out.size() > 20_000) {
        throw new QueryException("the range has more than 20,000 periods; choose a coarser grain", "too_many_periods");
      }
    }
    return out;
  }
}

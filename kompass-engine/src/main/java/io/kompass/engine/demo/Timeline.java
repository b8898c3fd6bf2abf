package io.kompass.engine.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The months the demo covers: {@link DemoProfile#MONTHS} months ending at the end date
 * (inclusive). The first and last calendar months may be partial; "now" is midnight after the
 * end date, and nothing but planned activities happens after it.
 */
record Timeline(LocalDate start, LocalDate end, List<Month> months) {

  static final long DAY_US = 86_400_000_000L;
  static final long HOUR_US = 3_600_000_000L;

  /** A calendar month, clipped to the timeline. */
  record Month(int no, YearMonth yearMonth, LocalDate first, LocalDate last) {
    int days() {
      return (int) (last.toEpochDay() - first.toEpochDay()) + 1;
    }

    /** Share of the calendar month inside the timeline. */
    double coverage() {
      return days() / (double) yearMonth.lengthOfMonth();
    }
  }

  static Timeline endingAt(LocalDate end) {
    LocalDate start = end.minusMonths(DemoProfile.MONTHS).plusDays(1);
    List<Month> months = new ArrayList<>();
    YearMonth ym = YearMonth.from(start);
    while (!ym.isAfter(YearMonth.from(end))) {
      LocalDate first = ym.atDay(1).isBefore(start) ? start : ym.atDay(1);
      LocalDate last = ym.atEndOfMonth().isAfter(end) ? end : ym.atEndOfMonth();
      months.add(new Month(months.size(), ym, first, last));
      ym = ym.plusMonths(1);
    }
    return new Timeline(start, end, List.copyOf(months));
  }

  static long micros(LocalDate day) {
    return day.toEpochDay() * DAY_US;
  }

  long startUs() {
    return micros(start);
  }

  /** Midnight after the end date: the moment the data is "as of". */
  long nowUs() {
    return micros(end.plusDays(1));
  }

  Month month(LocalDate day) {
    for (Month m : months) {
      if (!day.isBefore(m.first()) && !day.isAfter(m.last())) {
        return m;
      }
    }
    throw new IllegalArgumentException(day + " is outside " + start + ".." + end);
  }

  /** Volume growth factor of a month, {@link DemoProfile#YEARLY_GROWTH} compounded monthly. */
  double trend(Month m) {
    return StrictMath.pow(1 + DemoProfile.YEARLY_GROWTH, m.no() / 12.0);
  }
}

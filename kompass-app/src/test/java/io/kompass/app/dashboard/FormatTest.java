package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.catalog.Direction;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.Period;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class FormatTest {

  static final String NBSP = "\u00a0";

  static Format in(String language, String currency) {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
    messages.setFallbackToSystemLocale(false);
    return new Format(Locale.forLanguageTag(language), currency, messages);
  }

  @Test
  void aFiscalYearThatDoesNotStartInJanuaryIsNamedByBothItsYearsAndCountsQuartersFromItsStart() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
    messages.setFallbackToSystemLocale(false);
    Format en = new Format(Locale.ENGLISH, "EUR", messages, 7);
    Format sv = new Format(Locale.forLanguageTag("sv"), "SEK", messages, 7);
    assertThat(en.period(new Period(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 1)), Grain.QUARTER)).isEqualTo("Q1 2025/26");
    assertThat(en.period(new Period(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 7, 1)), Grain.QUARTER)).isEqualTo("Q4 2025/26");
    assertThat(sv.period(new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)), Grain.QUARTER)).isEqualTo("K3 2025/26");
    assertThat(en.period(new Period(LocalDate.of(2099, 7, 1), LocalDate.of(2100, 7, 1)), Grain.YEAR)).isEqualTo("2099/00");
    // Months and weeks do not depend on the fiscal year; a fiscal year from April keeps calendar quarters but counts them from April.
    assertThat(en.period(new Period(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1)), Grain.MONTH)).isEqualTo("Nov 2025");
    Format april = new Format(Locale.ENGLISH, "EUR", messages, 4);
    assertThat(april.period(new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)), Grain.QUARTER)).isEqualTo("Q4 2025/26");
    assertThat(in("en", "EUR").period(new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)), Grain.QUARTER)).isEqualTo("Q1 2026");
    assertThat(sv.monthName(7)).isEqualTo("juli");
    assertThat(en.monthName(7)).isEqualTo("July");
  }

  @Test
  void valuesAreWrittenAsEnglishReadersExpect() {
    Format en = in("en", "EUR");
    assertThat(en.value(0.3125, Unit.RATIO)).isEqualTo("31.3%");
    assertThat(en.value(12400.0, Unit.MONEY)).isEqualTo("€12,400");
    assertThat(en.value(42.5, Unit.MONEY)).isEqualTo("€42.50");
    assertThat(en.value(43.0, Unit.DAYS)).isEqualTo("43.0 days");
    assertThat(en.value(1234.0, Unit.COUNT)).isEqualTo("1,234");
    assertThat(en.value(null, Unit.COUNT)).isEqualTo("–");
    assertThat(en.change(0.021, 0.07, Unit.RATIO)).isEqualTo("+2.1 pp");
    assertThat(en.change(-300.0, -0.12, Unit.MONEY)).isEqualTo("−12%");
    assertThat(en.value(45.0, Unit.SECONDS)).isEqualTo("45 s");
    assertThat(en.value(260.4, Unit.SECONDS)).isEqualTo("4 min 20 s");
    // Too small to show: ±0, neither up nor down.
    assertThat(en.change(-3.0, -0.001, Unit.MONEY)).isEqualTo("±0%");
    assertThat(en.change(-0.0002, -0.001, Unit.RATIO)).isEqualTo("±0.0 pp");
    assertThat(en.period(new Period(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1)), Grain.MONTH)).isEqualTo("Nov 2025");
    assertThat(en.period(new Period(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 10, 1)), Grain.MONTH)).isEqualTo("Sep 2025");
    assertThat(en.period(new Period(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 1)), Grain.QUARTER)).isEqualTo("Q3 2025");
    assertThat(en.period(new Period(LocalDate.of(2025, 11, 17), LocalDate.of(2025, 11, 24)), Grain.WEEK)).isEqualTo("W47 2025");
    assertThat(en.date(LocalDate.of(2025, 3, 1))).isEqualTo("1 Mar 2025");
    // A currency written as its code is set apart from the number, also below zero.
    Format sek = in("en", "SEK");
    assertThat(sek.value(9399304.0, Unit.MONEY)).isEqualTo("SEK" + NBSP + "9,399,304");
    assertThat(sek.value(-42.5, Unit.MONEY)).isEqualTo("-SEK" + NBSP + "42.50");
  }

  @Test
  void valuesAreWrittenAsSwedishReadersExpect() {
    Format sv = in("sv", "SEK");
    assertThat(sv.value(0.3125, Unit.RATIO)).isEqualTo("31,3" + NBSP + "%");
    assertThat(sv.value(12400.0, Unit.MONEY)).isEqualTo("12" + NBSP + "400" + NBSP + "kr");
    assertThat(sv.value(43.0, Unit.DAYS)).isEqualTo("43,0 dagar");
    assertThat(sv.change(0.021, 0.07, Unit.RATIO)).isEqualTo("+2,1 p.e.");
    assertThat(sv.period(new Period(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 1)), Grain.QUARTER)).isEqualTo("K3 2025");
    assertThat(sv.period(new Period(LocalDate.of(2025, 11, 17), LocalDate.of(2025, 11, 24)), Grain.WEEK)).isEqualTo("v. 47 2025");
    assertThat(sv.date(LocalDate.of(2025, 3, 1))).isEqualTo("1 mars 2025");
  }

  @Test
  void aChangeIsGoodNewsOrBadByTheKpisDirection() {
    assertThat(Format.effect(0.1, 0.05, Unit.NUMBER, Direction.HIGHER)).isEqualTo("better");
    assertThat(Format.effect(0.1, 0.05, Unit.NUMBER, Direction.LOWER)).isEqualTo("worse");
    assertThat(Format.effect(-2.0, -0.1, Unit.DAYS, Direction.LOWER)).isEqualTo("better");
    assertThat(Format.effect(0.0, 0.0, Unit.NUMBER, Direction.HIGHER)).isEqualTo("same");
    assertThat(Format.effect(null, null, Unit.NUMBER, Direction.HIGHER)).isEqualTo("unknown");
    assertThat(Format.effect(30.0, 0.2, Unit.SECONDS, Direction.NEUTRAL)).isEqualTo("changed");
    assertThat(Format.effect(-30.0, -0.2, Unit.SECONDS, Direction.NEUTRAL)).isEqualTo("changed");
    assertThat(Format.effect(0.0, 0.0, Unit.SECONDS, Direction.NEUTRAL)).isEqualTo("same");
    // A change shown as zero is no change: 46.29 -> 46.36 days reads "+0 %", 0.31 -> 0.3104 reads "+0.0 pp".
    assertThat(Format.effect(0.07, 0.07 / 46.29, Unit.DAYS, Direction.LOWER)).isEqualTo("same");
    assertThat(Format.effect(0.0004, 0.0013, Unit.RATIO, Direction.HIGHER)).isEqualTo("same");
    assertThat(Format.effect(0.0006, 0.002, Unit.RATIO, Direction.HIGHER)).isEqualTo("better");
    assertThat(Format.effect(0.04, 0.5, Unit.SCORE, Direction.HIGHER)).isEqualTo("same");
    // Without a base (the previous value was 0), any change counts.
    assertThat(Format.effect(0.001, null, Unit.MONEY, Direction.HIGHER)).isEqualTo("better");
  }

  @Test
  void aScoreChangesByPointsNotByPercent() {
    // NPS from -9.7 to 38.0 is 47.7 points, not "+493 %".
    assertThat(in("en", "EUR").change(47.7, 47.7 / 9.7, Unit.SCORE)).isEqualTo("+47.7 points");
    assertThat(in("sv", "SEK").change(-2.4, -2.4 / 27.6, Unit.SCORE)).isEqualTo("−2,4 poäng");
  }
}

package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocaleGuessTest {

  @Test
  void dottedDatesAreDayFirstWithoutAWarning() {
    LocaleGuess.Guess g = LocaleGuess.dateOrder("deals.csv", List.of("10.01.2024", "03.02.2024 11:00"), "mdy");
    assertThat(g.value()).isEqualTo("dmy");
    assertThat(g.warning()).isNull();
  }

  @Test
  void slashedDatesThatReadBothWaysGetTheSystemsOrderAndAWarning() {
    LocaleGuess.Guess g = LocaleGuess.dateOrder("deals.csv", List.of("03/04/2024", "05/06/2024"), "mdy");
    assertThat(g.value()).isEqualTo("mdy");
    assertThat(g.warning()).startsWith("deals.csv: dates such as '03/04/2024' could be day-first or month-first; read as month-first");
    assertThat(LocaleGuess.dateOrder("deals.csv", List.of("03/04/2024", "31/01/2024"), "mdy")).isEqualTo(new LocaleGuess.Guess("dmy", null));
  }

  @Test
  void numbersThatReadBothWaysFollowTheDatesDotsAndTheWarningSaysWhatTheyAre() {
    List<String> amounts = List.of("1.500", "12.000");
    assertThat(LocaleGuess.dotted(List.of("15.03.2024", "01.04.2024 10:00"))).isTrue();
    assertThat(LocaleGuess.dotted(List.of("03/15/2024", "2024-03-01"))).isFalse();
    LocaleGuess.Guess german = LocaleGuess.decimal("deals.csv", amounts, true);
    assertThat(german.value()).isEqualTo("comma");
    assertThat(german.warning()).contains("read with a decimal comma, as the file's dates are written with dots, so '1.500' is 1500.");
    LocaleGuess.Guess plain = LocaleGuess.decimal("deals.csv", amounts, false);
    assertThat(plain.value()).isEqualTo("point");
    assertThat(plain.warning()).contains("read with a decimal point, so '1.500' is 1.5.");
    assertThat(LocaleGuess.decimal("deals.csv", List.of("1,500"), false).warning()).contains("so '1,500' is 1500.");
    // Numbers that tell decide, whatever the dates.
    assertThat(LocaleGuess.decimal("deals.csv", List.of("1.500", "12.5"), true)).isEqualTo(new LocaleGuess.Guess("point", null));
  }
}

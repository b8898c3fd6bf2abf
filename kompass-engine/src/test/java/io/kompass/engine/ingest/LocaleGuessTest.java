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
}

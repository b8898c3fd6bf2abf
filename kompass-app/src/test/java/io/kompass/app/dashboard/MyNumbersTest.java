package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.numbers.Numbers.Spread;
import java.util.List;
import org.junit.jupiter.api.Test;

class MyNumbersTest {

  @Test
  void aPeriodShowsTheTeamWhenItHasASpreadAndAllRepsOtherwise() {
    Spread teamShown = new Spread(9, 1.0, 2.0, 3.0, false);
    Spread teamFew = new Spread(4, null, null, null, false);
    Spread allShown = new Spread(40, 0.5, 2.5, 4.0, true);
    Spread allFew = new Spread(6, null, null, null, true);
    assertThat(MyNumbers.peers(List.of(teamShown, teamFew, teamFew), List.of(allShown, allShown, allFew)))
        .containsExactly(teamShown, allShown, teamFew);
    // A team with a spread in every period needs no query of all reps.
    assertThat(MyNumbers.peers(List.of(teamShown, teamShown), List.of())).containsExactly(teamShown, teamShown);
    // A rep without a team is compared with all reps.
    assertThat(MyNumbers.peers(List.of(), List.of(allShown, allFew))).containsExactly(allShown, allFew);
  }
}

package io.kompass.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void outsideATerminalItPrintsOneLinePerTask() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), false);
    bar.update("deals.csv: checking", 0, 200);
    bar.update("deals.csv: checking", 50, 200);
    bar.update("deals.csv: loading", 104, 200);
    bar.update("deals.csv: loading", 150, 200);
    bar.update("stage history", 200, 200);
    bar.update("counting", 7, -1);
    bar.finish();
    assertThat(err.toString().lines())
        .containsExactly("  0% deals.csv: checking", " 52% deals.csv: loading", "100% stage history", "counting");
  }

  @Test
  void onATerminalItRedrawsOneLineAndClearsItAtTheEnd() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), true);
    bar.update("deals.csv: loading", 104, 200);
    bar.update("stage history", 200, 200);
    bar.finish();
    String first = "[##########..........]  52% deals.csv: loading";
    String second = "[####################] 100% stage history";
    assertThat(err.toString())
        .isEqualTo("\r" + first + "\r" + second + " ".repeat(first.length() - second.length())
            + "\r" + " ".repeat(second.length()) + "\r");
  }

  @Test
  void anUnknownTotalShowsTheCount() {
    assertThat(ProgressBar.line("deals", -1, 12345)).isEqualTo("[~~~~~~~~~~~~~~~~~~~~] deals (12,345)");
  }
}

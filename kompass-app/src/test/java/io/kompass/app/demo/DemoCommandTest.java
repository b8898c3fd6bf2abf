package io.kompass.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path dir;

  String workspace() {
    return dir.resolve("demo.duckdb").toString();
  }

  @Test
  void generatesTheDemoCompanyOnceAndReusesItTheNextTime() {
    Result first = KompassCli.run("demo", "--workspace", workspace(), "--size", "tiny", "--no-serve", "--end", "2025-06-30");

    assertThat(first.exitCode()).isEqualTo(Kompass.OK);
    assertThat(first.outLines()).first()
        .isEqualTo("Generating a demo company into " + workspace() + ": 2,000 deals (tiny), seed 42, history up to 2025-06-30.");
    assertThat(first.outLines().get(1)).matches("Generated [\\d,]+ rows in \\d+\\.\\d s:");
    assertThat(first.outLines()).contains(String.format("  %-20s %12s", "deals", "2,000"));
    assertThat(first.outLines()).last().isEqualTo("Open it in the web UI with: kompass serve --workspace " + workspace());

    Result second = KompassCli.run("demo", "--workspace", workspace(), "--size", "tiny", "--no-serve", "--end", "2025-06-30");

    assertThat(second.exitCode()).isEqualTo(Kompass.OK);
    assertThat(second.outLines()).containsExactly(
        "Workspace " + workspace() + " already has data (2,000 deals): using it as it is.",
        "For a new demo company, delete that file or choose another with --workspace <file>.",
        "Open it in the web UI with: kompass serve --workspace " + workspace());
    assertThat(KompassCli.run("status", "--workspace", workspace()).outLines())
        .anySatisfy(l -> assertThat(l).startsWith("deals                       2,000  "));
  }

  @Test
  void sizeAndDealsCannotBeCombined() {
    Result r = KompassCli.run("demo", "--workspace", workspace(), "--size", "tiny", "--deals", "10", "--no-serve");
    assertThat(r.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(r.errLines()).first().isEqualTo("Error: --size=<size>, --deals=<n> are mutually exclusive (specify only one)");
  }

  @Test
  void anUnknownSizeOrABadDateIsAUsageError() {
    Result size = KompassCli.run("demo", "--workspace", workspace(), "--size", "huge", "--no-serve");
    assertThat(size.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(size.errLines()).first()
        .isEqualTo("Invalid value for option '--size': 'huge' is not a size: choose tiny, small, medium or large");

    Result end = KompassCli.run("demo", "--workspace", workspace(), "--end", "30.6.2025", "--no-serve");
    assertThat(end.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(end.errLines()).first()
        .isEqualTo("Invalid value for option '--end': '30.6.2025' is not a date: write YYYY-MM-DD, e.g. 2025-06-30");
    assertThat(dir.resolve("demo.duckdb")).doesNotExist();
  }
}

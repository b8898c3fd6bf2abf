package io.kompass.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import stopped by a signal (Ctrl-C, kill) saves nothing and says so. */
class StoppedImportTest {

  @TempDir Path dir;

  @Test
  void anImportStoppedByASignalSavesNothingAndSaysWhereItWas() throws Exception {
    Path deals = dir.resolve("in/deals.csv");
    Files.createDirectories(deals.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(deals, StandardCharsets.UTF_8)) {
      w.write("id,stage,status,amount,currency,created_at\n");
      for (int i = 0; i < 1_500_000; i++) {
        w.write("D" + i + ",Proposal,open,100,EUR,2025-01-01\n");
      }
    }
    Path file = dir.resolve("ws.duckdb");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            Kompass.class.getName(), "import", "--workspace", file.toString(), "--currency", "EUR", deals.toString())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(err.toFile())
        .start();
    p.getOutputStream().close();
    // Wait until the import is checking the file, then stop it as Ctrl-C or kill would (SIGTERM).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(err) && Files.readString(err).contains("deals.csv: checking")) && System.nanoTime() < deadline) {
      assertThat(p.waitFor(50, TimeUnit.MILLISECONDS)).as("the import finished before it could be stopped").isFalse();
    }
    p.destroy();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err)).containsPattern(
        "Import stopped before it finished \\(at deals\\.csv: (checking|loading)\\): nothing from it was saved\\."
            + " Run the same command again to import the files\\.");
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(Summary.of(ws, 1).totalRows()).as("rows saved").isZero();
    }
    // Status knows that no import of another process can be running: the stopped one says so.
    io.kompass.app.KompassCli.Result status = io.kompass.app.KompassCli.run("status", "--workspace", file.toString());
    assertThat(status.outLines()).anySatisfy(l -> assertThat(l).matches("  #1 .* interrupted +1 file"))
        .contains("        the process ended before the import committed; nothing was saved");
  }
}

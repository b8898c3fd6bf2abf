package io.kompass.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB lets one process write a workspace: a second one must say clearly who holds it. */
class LockedWorkspaceTest {

  @TempDir Path dir;

  @Test
  void importIntoAWorkspaceHeldByAnotherProcessSaysWhoHoldsItAndExits1() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    Path file = dir.resolve("held.duckdb");
    try (Workspace held = Workspace.openFile(file, Settings.DEFAULT)) {
      Process p = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              Kompass.class.getName(), "import", "--workspace", file.toString(), in.toString())
          .redirectOutput(dir.resolve("out.txt").toFile())
          .redirectError(dir.resolve("err.txt").toFile())
          .start();
      p.getOutputStream().close();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
      List<String> out = lines(dir.resolve("out.txt"));
      List<String> err = lines(dir.resolve("err.txt"));

      assertThat(p.exitValue()).isEqualTo(Kompass.FAILED);
      assertThat(out).isEmpty();
      assertThat(err).containsExactly(
          "kompass: workspace " + file + " is in use by another Kompass process (PID " + ProcessHandle.current().pid()
              + "), probably a running Kompass server. DuckDB lets only one process open a workspace for writing:"
              + " stop that process (Ctrl+C in its terminal) and run the command again, or point this command at"
              + " another workspace with --workspace.");
      assertThat(Summary.of(held, 1).totalRows()).as("rows in the held workspace").isZero();
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
  }
}

package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import killed in the middle of its transaction leaves the workspace as it was, and the next import says so. */
class ImportAtomicityTest {

  @TempDir Path dir;

  @Test
  void aKilledImportLeavesNoHalfLoadedBatch() throws Exception {
    Path file = dir.resolve("ws.duckdb");
    Path first = Files.createDirectories(dir.resolve("first"));
    Files.writeString(first.resolve("reps.csv"), "id,name\nR1,Anna\n");
    Files.writeString(first.resolve("deals.csv"), "id,stage,status,created_at,owner_id\nD0,New,open,2024-01-01,R1\n");
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(first));
    }
    Path big = Files.createDirectories(dir.resolve("big"));
    Files.writeString(big.resolve("reps.csv"), "id,name\nR1,Anna\nR2,Bo\n");
    try (BufferedWriter w = Files.newBufferedWriter(big.resolve("deals.csv"), StandardCharsets.UTF_8)) {
      w.write("id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n");
      for (int i = 1; i <= 3_000_000; i++) {
        w.write("D" + i + ",Deal number " + i + ",Won,won," + (i % 9000) + ".50,EUR,2024-01-0" + (1 + i % 9) + ",2024-02-1" + (i % 9) + ",R" + (1 + i % 2) + "\n");
      }
    }

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        ImportMain.class.getName(), file.toString(), big.toString()).redirectErrorStream(true).start();
    boolean killedInside = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        assertThat(line).as("the import finished before it could be killed").isNotEqualTo("committed");
        if (line.equals("deals.csv: loading")) {
          child.destroyForcibly();
          killedInside = true;
          break;
        }
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(killedInside).as("the child never reached the loading step").isTrue();

    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      assertThat(count(ws, "SELECT count(*) FROM deals")).isEqualTo(1);
      assertThat(count(ws, "SELECT count(*) FROM reps")).isEqualTo(1);
      assertThat(count(ws, "SELECT count(*) FROM import_runs WHERE status = 'running'")).isEqualTo(1);
      ImportReport next = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), Progress.NONE).run(List.of(first));
      assertThat(next.interruptedEarlier()).contains("import #2").contains("was interrupted before it finished; nothing from it was saved");
      assertThat(count(ws, "SELECT count(*) FROM import_runs WHERE status = 'interrupted'")).isEqualTo(1);
    }
  }

  static long count(Workspace ws, String sql) throws Exception {
    try (Connection c = ws.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The child process: imports a folder, printing each progress step. */
  public static final class ImportMain {
    public static void main(String[] args) {
      try (Workspace ws = Workspace.openFile(Path.of(args[0]), Settings.DEFAULT)) {
        Progress print = (task, done, total) -> {
          System.out.println(task);
          System.out.flush();
        };
        new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.now()), print).run(List.of(Path.of(args[1])));
        System.out.println("committed");
      }
    }
  }

}

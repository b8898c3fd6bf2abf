package io.kompass.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KompassTest {

  @TempDir Path dir;

  @Test
  void withoutACommandItShowsTheUsageAndExits2() {
    Result r = KompassCli.run();
    assertThat(r.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).first().isEqualTo("Missing command: say what Kompass should do.");
    assertThat(r.errLines()).contains("Usage: kompass [-hV] [--catalog=<folder>] [-w=<file>] [COMMAND]");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Result r = KompassCli.run("status", "--format", "xml", "--workspace", dir.resolve("w.duckdb").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).first()
        .isEqualTo("Invalid value for option '--format': expected one of [table, json] (case-sensitive) but was 'xml'");
  }

  @Test
  void aWorkspaceUrlThatIsNotJdbcPostgresqlIsRefusedNotTakenAsAFileName() throws Exception {
    for (String url : new String[] {"postgresql://kompass:secret@localhost/kompass", "jdbc:postgres://localhost/kompass?password=secret",
        "postgres://u:secret@ss@h/db", "Postgresql://kompass:s3cr/secret@db/k", "JDBC:postgres://h/db?PASSWORD=secret"}) {
      Result r = KompassCli.run("import", "--workspace", url, KompassCli.writeSmallExport(dir.resolve("in")).toString());
      assertThat(r.exitCode()).as(url).isEqualTo(1);
      assertThat(r.err()).as(url).contains("looks like a URL, not a file: a PostgreSQL workspace is written jdbc:postgresql://")
          .doesNotContain("secret");
    }
    try (var files = java.nio.file.Files.list(Path.of("."))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("postgresql:") || n.startsWith("jdbc:"));
    }
  }

  @Test
  void importWithoutFilesIsAUsageError() {
    Result r = KompassCli.run("import");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).first().isEqualTo("Missing required parameter: '<file-or-folder>'");
  }

  @Test
  void helpListsEveryCommand() {
    Result r = KompassCli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines())
        .contains(
            "Kompass: sales KPIs you can trust, from your CRM or your CSV exports.",
            "Usage: kompass [-hV] [--catalog=<folder>] [-w=<file>] [COMMAND]")
        .anySatisfy(l -> assertThat(l).startsWith("  demo "))
        .anySatisfy(l -> assertThat(l).startsWith("  serve "))
        .anySatisfy(l -> assertThat(l).startsWith("  import "))
        .anySatisfy(l -> assertThat(l).startsWith("  quality "))
        .anySatisfy(l -> assertThat(l).startsWith("  status "))
        .anySatisfy(l -> assertThat(l).startsWith("  user "));
  }

  @Test
  void everyCommandsHelpRendersAsWritten() {
    // picocli falls back to the raw text, with a warning on stderr, when a help text is not a
    // valid format string (e.g. a lone '%'); collect every command's help with stderr captured.
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> helps = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      collectHelp(new Kompass(Map.of(), false).commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), helps);
    } finally {
      System.setErr(stderr);
    }
    assertThat(helps).hasSizeGreaterThan(10).allSatisfy(h -> assertThat(h).doesNotContain("%n"));
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static void collectHelp(CommandLine command, List<String> helps) {
    helps.add(command.getUsageMessage());
    command.getSubcommands().values().stream().distinct().forEach(sub -> collectHelp(sub, helps));
  }

  @Test
  void versionComesFromTheBuild() {
    Result r = KompassCli.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).singleElement().asString().matches("Kompass \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void theWorkspaceOptionWorksBeforeAndAfterTheCommand() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("in"));
    String ws = dir.resolve("w.duckdb").toString();
    assertThat(KompassCli.run("--workspace", ws, "import", in.toString()).exitCode()).isEqualTo(Kompass.QUARANTINED);
    Result after = KompassCli.run("status", "--workspace", ws);
    assertThat(after.exitCode()).isZero();
    assertThat(after.outLines()).first().isEqualTo("Workspace:  " + ws);
  }

  @Test
  void theWorkspaceComesFromTheEnvironmentWhenNotGiven() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("in"));
    String ws = dir.resolve("from-env.duckdb").toString();
    assertThat(KompassCli.run(Map.of("KOMPASS_WORKSPACE", ws), "import", in.toString()).exitCode()).isEqualTo(3);
    Result r = KompassCli.run(Map.of("KOMPASS_WORKSPACE", ws), "status");
    assertThat(r.outLines()).first().isEqualTo("Workspace:  " + ws);
  }

  @Test
  void commandsThatReadAWorkspaceSayHowToCreateOneWhenItIsMissing() {
    Path missing = dir.resolve("nothing-here.duckdb");
    for (String command : new String[] {"status", "quality", "serve"}) {
      Result r = KompassCli.run(command, "--workspace", missing.toString());
      assertThat(r.exitCode()).as(command).isEqualTo(Kompass.FAILED);
      assertThat(r.out()).isEmpty();
      assertThat(r.errLines()).containsExactly(
          "kompass: there is no workspace at " + missing + " yet. Create one with 'kompass import <folder>' or"
              + " 'kompass demo', or name an existing one with --workspace <file>.");
      assertThat(missing).doesNotExist();
    }
  }

  @Test
  void aServerUrlNamesLocalhostForLocalAddresses() {
    assertThat(Kompass.url("127.0.0.1", 8080)).isEqualTo("http://localhost:8080");
    assertThat(Kompass.url("0.0.0.0", 80)).isEqualTo("http://localhost:80");
    assertThat(Kompass.url("192.168.1.20", 8080)).isEqualTo("http://192.168.1.20:8080");
  }
}

package io.kompass.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import io.kompass.app.people.SignedIn;
import io.kompass.app.people.Users;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
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
    assertThat(second.outLines()).hasSize(8);
    assertThat(second.outLines().subList(0, 3)).containsExactly(
        "Workspace " + workspace() + " already has data (2,000 deals): using it as it is.",
        "For a new demo company, delete that file or choose another with --workspace <file>.",
        "Sign in with one of these demo users; the password of each is kompass-demo:");
    assertThat(second.outLines().subList(2, 7)).isEqualTo(first.outLines().subList(first.outLines().size() - 6, first.outLines().size() - 1));
    assertThat(second.outLines()).last().isEqualTo("Open it in the web UI with: kompass serve --workspace " + workspace());
    assertThat(KompassCli.run("status", "--workspace", workspace()).outLines())
        .anySatisfy(l -> assertThat(l).startsWith("deals                       2,000  "));
  }

  @Test
  void createsOneDemoUserPerRoleWithTheRepUserLinkedToARealRep() {
    Result r = KompassCli.run("demo", "--workspace", workspace(), "--size", "tiny", "--no-serve", "--end", "2025-06-30");
    List<String> lines = r.outLines();
    int at = lines.indexOf("Sign in with one of these demo users; the password of each is kompass-demo:");
    assertThat(at).isPositive();
    assertThat(lines.get(at + 1)).matches("  admin@kompass\\.demo +admin +everything: all numbers, imports, users");
    assertThat(lines.get(at + 2)).matches("  manager@kompass\\.demo +manager +all teams and reps, imports");
    assertThat(lines.get(at + 3)).matches("  [a-z.]+@fjallbrink\\.example +rep +own numbers and team-level numbers \\([^,]+, team [A-Za-z ]+\\)");
    assertThat(lines.get(at + 4)).matches("  viewer@kompass\\.demo +viewer +team-level numbers, read only");
    try (Workspace ws = Workspace.openFile(Path.of(workspace()), Settings.DEFAULT)) {
      Users users = new Users(ws);
      assertThat(users.all()).extracting(u -> u.role().id()).containsExactly("admin", "manager", "rep", "viewer");
      SignedIn rep = users.all().get(2);
      assertThat(rep.repId()).isNotNull();
      assertThat(rep.repName()).isNotNull();
      assertThat(rep.passwordHash()).startsWith("{bcrypt}").doesNotContain("kompass-demo");
    }
  }

  @Test
  void aWorkspaceWithImportedDealsGetsNoDemoUsers() throws Exception {
    Path deals = java.nio.file.Files.writeString(dir.resolve("deals.csv"), "id,stage,status,created_at\nD1,Proposal,open,2025-01-10\n");
    assertThat(KompassCli.run("import", "--workspace", workspace(), deals.toString()).exitCode()).isEqualTo(Kompass.OK);
    Result r = KompassCli.run("demo", "--workspace", workspace(), "--no-serve");
    assertThat(r.exitCode()).isEqualTo(Kompass.OK);
    assertThat(r.outLines()).contains("It holds imported deals, so no demo users are added (their password is published). Sign in with the"
        + " workspace's own users, or add one with: kompass user add <e-mail> --role admin --workspace " + workspace());
    try (Workspace ws = Workspace.openFile(Path.of(workspace()), Settings.DEFAULT)) {
      assertThat(new Users(ws).all()).isEmpty();
    }
  }

  @Test
  void sizeAndDealsCannotBeCombined() {
    Result r = KompassCli.run("demo", "--workspace", workspace(), "--size", "tiny", "--deals", "1000", "--no-serve");
    assertThat(r.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(r.errLines()).first().isEqualTo("Error: --size=<size>, --deals=<n> are mutually exclusive (specify only one)");
  }

  @Test
  void tooFewDealsIsAUsageErrorAndCreatesNothing() {
    Result r = KompassCli.run("demo", "--workspace", workspace(), "--deals", "400", "--no-serve");
    assertThat(r.exitCode()).isEqualTo(Kompass.USAGE);
    assertThat(r.errLines()).first().asString().contains("'400' is too few: a demo company needs at least 500 deals");
    assertThat(java.nio.file.Path.of(workspace())).doesNotExist();
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

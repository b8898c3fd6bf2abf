package io.kompass.app.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli;
import io.kompass.app.TestCompany;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing someone who left, and resetting a password that got out, shut them out of the API too. */
class UserCommandTest {

  @TempDir Path dir;

  @Test
  void removingAUserDeletesTheirTokensAndTheLastAdminStays() throws Exception {
    String ws = TestCompany.copy(dir).toString();
    assertThat(KompassCli.run("user", "add", "leaver@example.com", "--role", "viewer", "--workspace", ws).exitCode()).isZero();
    assertThat(KompassCli.run("user", "add", "boss@example.com", "--role", "admin", "--workspace", ws).exitCode()).isZero();
    String token;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      SignedIn leaver = new Users(w).find("leaver@example.com").orElseThrow();
      token = new ApiTokens(w).create(leaver.id(), "script");
      assertThat(new ApiTokens(w).authenticate(token)).isPresent();
    }
    long leaverId;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      leaverId = new Users(w).find("leaver@example.com").orElseThrow().id();
    }
    KompassCli.Result removed = KompassCli.run("user", "remove", "leaver@example.com", "--workspace", ws);
    assertThat(removed.exitCode()).isZero();
    assertThat(removed.outLines()).containsExactly("Removed leaver@example.com (viewer) and 1 API token.");
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      assertThat(new Users(w).find("leaver@example.com")).isEmpty();
      assertThat(new ApiTokens(w).authenticate(token)).isEmpty();
      // The removed user's id is never given again: a session or token of theirs must not become someone else's.
      Users users = new Users(w);
      users.remove(users.find("boss@example.com").orElseThrow().id());
      long newest = users.add("newcomer@example.com", null, Role.ADMIN, "long enough password", null).id();
      assertThat(newest).isGreaterThan(leaverId).isGreaterThan(users.all().stream().filter(u -> !u.email().equals("newcomer@example.com"))
          .mapToLong(SignedIn::id).max().orElse(0));
      users.add("boss@example.com", null, Role.ADMIN, "long enough password", null);
      // Every admin but one may go; the last one stays, or nobody could manage the workspace.
      long admins = new Users(w).all().stream().filter(u -> u.role() == Role.ADMIN).count();
      assertThat(admins).isGreaterThanOrEqualTo(2);
    }
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      Users users = new Users(w);
      for (SignedIn admin : users.all().stream().filter(u -> u.role() == Role.ADMIN).toList().subList(1, (int) users.all().stream()
          .filter(u -> u.role() == Role.ADMIN).count())) {
        users.remove(admin.id());
      }
    }
    String last;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      last = new Users(w).all().stream().filter(u -> u.role() == Role.ADMIN).findFirst().orElseThrow().email();
    }
    KompassCli.Result refused = KompassCli.run("user", "remove", last, "--workspace", ws);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.errLines()).containsExactly("kompass: " + last + " is the only admin; add another admin first");
    assertThat(KompassCli.run("user", "remove", "nobody@example.com", "--workspace", ws).errLines())
        .containsExactly("kompass: there is no user nobody@example.com; 'kompass user list' shows them");
  }

  @Test
  void aUserGetsAnotherRoleWithoutLosingTheirTokensButTheLastAdminStaysAdmin() throws Exception {
    String ws = TestCompany.copy(dir).toString();
    assertThat(KompassCli.run("user", "add", "mover@example.com", "--role", "manager", "--workspace", ws).exitCode()).isZero();
    String token;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      token = new ApiTokens(w).create(new Users(w).find("mover@example.com").orElseThrow().id(), "script");
    }
    KompassCli.Result noRep = KompassCli.run("user", "role", "mover@example.com", "--role", "rep", "--workspace", ws);
    assertThat(noRep.exitCode()).isEqualTo(1);
    assertThat(noRep.errLines()).containsExactly("kompass: a user with role rep must be linked to a rep: give the rep's id (reps.csv) with --rep");

    KompassCli.Result toRep = KompassCli.run("user", "role", "Mover@example.com", "--role", "rep", "--rep", "R1", "--workspace", ws);

    assertThat(toRep.exitCode()).as(toRep.err()).isZero();
    assertThat(toRep.outLines().get(0)).startsWith("mover@example.com: manager ").contains(" rep (rep ");
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      SignedIn mover = new Users(w).find("mover@example.com").orElseThrow();
      assertThat(mover.role()).isEqualTo(Role.REP);
      assertThat(mover.repId()).isEqualTo("R1");
      assertThat(new ApiTokens(w).authenticate(token)).get().extracting(SignedIn::role).isEqualTo(Role.REP);
    }
    // Back to viewer: the rep link stays (it names whose numbers they are), the role decides what they see.
    assertThat(KompassCli.run("user", "role", "mover@example.com", "--role", "viewer", "--workspace", ws).exitCode()).isZero();
    assertThat(KompassCli.run("user", "list", "--workspace", ws).out()).containsPattern("mover@example.com\\s+viewer");
    assertThat(KompassCli.run("user", "role", "mover@example.com", "--role", "boss", "--workspace", ws).exitCode()).isEqualTo(2);

    String admin;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      var admins = new Users(w).all().stream().filter(u -> u.role() == Role.ADMIN).toList();
      assertThat(admins).hasSize(1);
      admin = admins.get(0).email();
    }
    KompassCli.Result lastAdmin = KompassCli.run("user", "role", admin, "--role", "viewer", "--workspace", ws);
    assertThat(lastAdmin.exitCode()).isEqualTo(1);
    assertThat(lastAdmin.errLines()).containsExactly("kompass: " + admin + " is the only admin; add another admin first");
  }

  @Test
  void aWorkspaceWhoseFirstUserIsNoAdminIsToldToAddOne() throws Exception {
    String ws = dir.resolve("fresh.duckdb").toString();
    java.nio.file.Path teams = java.nio.file.Files.writeString(dir.resolve("teams.csv"), "id,name,region\nT1,Nordics,North\n");
    assertThat(KompassCli.run("import", "--workspace", ws, teams.toString()).exitCode()).isZero();
    KompassCli.Result r = KompassCli.run("user", "add", "viewer@example.com", "--role", "viewer", "--workspace", ws);
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).last().isEqualTo("The workspace has no admin yet; add one with: kompass user add <e-mail> --role admin --workspace " + ws);
    KompassCli.Result admin = KompassCli.run("user", "add", "boss@example.com", "--role", "admin", "--workspace", ws);
    assertThat(admin.outLines()).noneMatch(l -> l.contains("no admin"));
  }

  @Test
  void aRepUserAddedWithoutANameIsCalledByTheRepsName() throws Exception {
    String ws = TestCompany.copy(dir).toString();
    String rep;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT); var c = w.connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT min(id) FROM reps")) {
      rs.next();
      rep = rs.getString(1);
    }
    assertThat(KompassCli.run("user", "add", "new.rep@example.com", "--role", "rep", "--rep", rep, "--workspace", ws).exitCode()).isZero();
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      SignedIn user = new Users(w).find("new.rep@example.com").orElseThrow();
      assertThat(user.name()).isEqualTo(user.repName()).isNotEqualTo("new.rep@example.com");
    }
  }

  @Test
  void aRepUserWithoutTheirRepIsAUsageError() throws Exception {
    String ws = TestCompany.copy(dir).toString();
    KompassCli.Result r = KompassCli.run("user", "add", "new.rep@example.com", "--role", "rep", "--workspace", ws);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("kompass: a rep user needs --rep <rep-id>: the rep whose numbers they see (an id in reps.csv)");
  }

  @Test
  void aPasswordResetRevokesTheUsersTokens() throws Exception {
    String ws = TestCompany.copy(dir).toString();
    KompassCli.run("user", "add", "script@example.com", "--role", "viewer", "--workspace", ws);
    String token;
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      token = new ApiTokens(w).create(new Users(w).find("script@example.com").orElseThrow().id(), "nightly");
    }
    KompassCli.Result reset = KompassCli.run("user", "password", "script@example.com", "--workspace", ws);
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.outLines()).hasSize(2).last().isEqualTo("Revoked 1 API token of script@example.com.");
    try (Workspace w = Workspace.openFile(Path.of(ws), Settings.DEFAULT)) {
      assertThat(new ApiTokens(w).authenticate(token)).isEmpty();
    }
  }
}

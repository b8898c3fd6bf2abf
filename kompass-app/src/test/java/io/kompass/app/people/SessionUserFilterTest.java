package io.kompass.app.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class SessionUserFilterTest {

  @TempDir Path dir;

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  /** Runs one request of a session signed in as {@code me} through a fresh filter (as after the ten seconds between checks). */
  static MockHttpSession request(Users users, SignedIn me) throws Exception {
    return request(new SecurityConfiguration.SessionUserFilter(users), me);
  }

  static MockHttpSession request(SecurityConfiguration.SessionUserFilter filter, SignedIn me) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
    MockHttpSession session = new MockHttpSession();
    request.setSession(session);
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities()));
    filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
    return session;
  }

  @Test
  void aSessionEndsWhenItsUsersPasswordIsReset() throws Exception {
    try (Workspace ws = Workspace.openFile(dir.resolve("people.duckdb"), Settings.DEFAULT)) {
      Users users = new Users(ws);
      SignedIn me = users.add("anna@example.com", "Anna", Role.MANAGER, "first-password-1", null);
      assertThat(request(users, me).isInvalid()).isFalse();
      assertThat(SecurityContextHolder.getContext().getAuthentication()).isNotNull();
      users.changePassword(me.id(), "second-password-2");
      // The session signed in with the old password: it ends, and this request is not signed in.
      assertThat(request(users, me).isInvalid()).isTrue();
      assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
      // Signed in again, with the new password, it goes on.
      assertThat(request(users, users.find(me.id()).orElseThrow()).isInvalid()).isFalse();
      // A session with the new password checked a moment ago does not spare one with the old password its check.
      users.changePassword(me.id(), "third-password-3");
      SignedIn third = users.find(me.id()).orElseThrow();
      var filter = new SecurityConfiguration.SessionUserFilter(users);
      assertThat(request(filter, third).isInvalid()).isFalse();
      assertThat(request(filter, me).isInvalid()).isTrue();
    }
  }

  @Test
  void aSessionFromBeforeARoleChangeEndsEvenWhenTheUserSignedInAgainSince() throws Exception {
    try (Workspace ws = Workspace.openFile(dir.resolve("roles.duckdb"), Settings.DEFAULT)) {
      Users users = new Users(ws);
      users.add("boss@example.com", "Boss", Role.ADMIN, "boss-password-1", null);
      SignedIn before = users.add("second@example.com", "Second", Role.ADMIN, "second-password-2", null);
      long[] now = {0};
      var filter = new SecurityConfiguration.SessionUserFilter(users, java.time.Duration.ofSeconds(10), () -> now[0]);
      assertThat(request(filter, before).isInvalid()).isFalse();
      users.changeRole(before.id(), Role.MANAGER, null);
      now[0] += java.time.Duration.ofSeconds(11).toNanos();
      // Signed in again as a manager after the ten seconds: that session is checked and goes on...
      assertThat(request(filter, users.find(before.id()).orElseThrow()).isInvalid()).isFalse();
      // ...and does not spare the admin session from before the change its own check.
      assertThat(request(filter, before).isInvalid()).isTrue();
    }
  }

  @Test
  void twoAdminsTakingEachOthersRoleAtOnceOnPostgresqlLeaveAnAdmin() throws Exception {
    String url = io.kompass.engine.conformance.EmbeddedPostgresServer.newDatabase();
    try (Workspace one = Workspace.openPostgres(url, "postgres", null, Settings.DEFAULT);
        Workspace two = Workspace.openPostgres(url, "postgres", null, Settings.DEFAULT)) {
      Users first = new Users(one);
      Users second = new Users(two);
      for (int round = 0; round < 10; round++) {
        SignedIn a = first.add("a" + round + "@example.com", "A", Role.ADMIN, "password-a-1", null);
        SignedIn b = first.add("b" + round + "@example.com", "B", Role.ADMIN, "password-b-1", null);
        for (SignedIn u : first.all()) {
          if (u.role() == Role.ADMIN && u.id() != a.id() && u.id() != b.id()) {
            first.changeRole(u.id(), Role.VIEWER, null);
          }
        }
        // Two servers: each demotes the other admin at the same moment.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
          var x = pool.submit(() -> refusedOrDone(() -> first.changeRole(b.id(), Role.MANAGER, null)));
          var y = pool.submit(() -> refusedOrDone(() -> second.remove(a.id())));
          x.get();
          y.get();
        } finally {
          pool.shutdown();
        }
        assertThat(first.all().stream().filter(u -> u.role() == Role.ADMIN)).as("round " + round).hasSize(1);
      }
    }
  }

  private static boolean refusedOrDone(Runnable change) {
    try {
      change.run();
      return true;
    } catch (Users.Refused e) {
      assertThat(e.reason()).isEqualTo(Users.Refusal.LAST_ADMIN);
      return false;
    }
  }
}

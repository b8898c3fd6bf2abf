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
}

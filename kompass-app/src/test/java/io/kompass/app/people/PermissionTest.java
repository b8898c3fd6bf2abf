package io.kompass.app.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kompass.app.TestCompany;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every endpoint against every role: who gets in (200/201/302), who is refused (403), and what
 * someone who is not signed in gets (a redirect to the sign-in page for pages, 401 for the API).
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext
class PermissionTest {

  @TempDir static Path dir;

  @DynamicPropertySource
  static void workspace(DynamicPropertyRegistry registry) {
    registry.add("kompass.workspace", () -> TestCompany.copy(dir).toString());
  }

  @Autowired MockMvc mvc;
  @Autowired Users users;

  /** Roles in the order of the expected statuses in {@link #CASES}. */
  static final List<String> ROLES = List.of("anonymous", "admin", "manager", "rep", "viewer");

  /** method, address, then the expected status for anonymous, admin, manager, rep, viewer. */
  static final Object[][] CASES = {
    {"GET", "/", 302, 200, 200, 200, 200},
    {"GET", "/?lang=sv&team=Stockholm&grain=quarter", 302, 200, 200, 200, 200},
    {"GET", "/kpi/win_rate", 302, 200, 200, 200, 200},
    {"GET", "/kpi/win_rate?by=rep", 302, 200, 200, 200, 403},
    {"GET", "/me", 302, 200, 200, 200, 403},
    {"GET", "/me?rep={other}", 302, 200, 200, 403, 403},
    {"GET", "/compare", 302, 200, 200, 200, 200},
    {"GET", "/data", 302, 200, 200, 200, 200},
    {"GET", "/account", 302, 200, 200, 200, 200},
    {"GET", "/login", 200, 302, 302, 302, 302},
    {"GET", "/api/v1/overview", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/kpis?kpi=win_rate", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/kpis?kpi=win_rate&by=rep", 401, 200, 200, 200, 403},
    {"GET", "/api/v1/kpis?kpi=win_rate&where=rep='x'", 401, 200, 200, 200, 403},
    {"GET", "/api/v1/me", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/me?rep={other}", 401, 200, 200, 403, 403},
    {"GET", "/api/v1/catalog", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/catalog/win_rate", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/comparisons?before=2025-01-01..2025-03-31&after=2025-04-01..2025-06-30", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/workspace", 401, 200, 200, 200, 200},
    {"GET", "/api/v1/quality", 401, 200, 200, 403, 403},
    {"GET", "/api/v1/tokens", 401, 200, 200, 200, 200},
    {"POST", "/api/v1/tokens", 401, 201, 201, 201, 201},
    {"GET", "/api/v1/events", 401, 200, 200, 200, 200},
    {"IMPORT", "/api/v1/imports", 401, 200, 200, 403, 403},
    {"IMPORT", "/data/imports", 302, 302, 302, 403, 403},
    {"POST", "/focus?kpi=lead_conversion_rate,average_order_value,sales_cycle_days,cac,customer_retention_rate,contacts_per_close,pipeline_density",
        302, 302, 302, 403, 403},
    {"POST", "/fiscal-year?start=1", 302, 302, 302, 403, 403},
    {"POST", "/account/tokens", 302, 302, 302, 302, 302},
    {"GET", "/users", 302, 200, 403, 403, 403},
    {"GET", "/api/v1/users", 401, 200, 403, 403, 403},
    // Refused for the admin as well (no such user; no sign-in name): only who gets that far is checked here.
    {"POST", "/users/987654/remove", 302, 302, 403, 403, 403},
    {"POST", "/users/987654/role?role=viewer", 302, 302, 403, 403, 403},
    {"POST", "/users/987654/password", 302, 302, 403, 403, 403},
    {"POST", "/users?email=&role=viewer", 302, 302, 403, 403, 403},
    {"GET", "/v3/api-docs", 200, 200, 200, 200, 200},
    {"GET", "/css/kompass.css", 200, 200, 200, 200, 200},
    {"GET", "/webjars/echarts/5.3.1/dist/echarts.min.js", 200, 200, 200, 200, 200},
  };

  Map<String, SignedIn> people = new LinkedHashMap<>();
  String otherRep;

  @BeforeEach
  void people() {
    for (SignedIn u : users.all()) {
      people.put(u.role().id(), u);
    }
    otherRep = people.get("rep").repId().equals("R1") ? "R2" : "R1";
  }

  AbstractMockHttpServletRequestBuilder<?> request(String method, String url) {
    String address = url.replace("{other}", otherRep);
    return switch (method) {
      case "GET" -> get(address);
      case "POST" -> post(address).with(csrf());
      case "IMPORT" -> multipart(address)
          .file(new MockMultipartFile("files", "teams.csv", "text/csv", "id,name,region\nTX,Testteam,North\n".getBytes(StandardCharsets.UTF_8)))
          .with(csrf());
      default -> throw new IllegalArgumentException(method);
    };
  }

  @Test
  void everyEndpointLetsInExactlyTheRolesThatMaySeeIt() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Object[] c : CASES) {
      for (int i = 0; i < ROLES.size(); i++) {
        String role = ROLES.get(i);
        AbstractMockHttpServletRequestBuilder<?> request = request((String) c[0], (String) c[1]);
        if (!role.equals("anonymous")) {
          RequestPostProcessor as = user(people.get(role));
          request.with(as);
        }
        int status = mvc.perform(request).andReturn().getResponse().getStatus();
        int expected = (Integer) c[i + 2];
        if (status != expected) {
          wrong.add(c[0] + " " + c[1] + " as " + role + ": " + status + ", expected " + expected);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void pagesSendWhoeverIsNotSignedInToTheSignInPage() throws Exception {
    assertThat(mvc.perform(get("/kpi/win_rate")).andReturn().getResponse().getRedirectedUrl()).endsWith("/login");
  }

  @Test
  void guessingAPasswordIsSlowedDownForThatNameOnly() throws Exception {
    users.add("guessed@example.com", "Guessed", Role.VIEWER, "right-password-1", null);
    users.add("bystander@example.com", "Bystander", Role.VIEWER, "right-password-2", null);
    for (int i = 0; i < SignInThrottle.FREE_TRIES; i++) {
      assertThat(mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
          .user("guessed@example.com").password("wrong-password-" + i)).andReturn().getResponse().getRedirectedUrl()).endsWith("/login?error");
    }
    // Even the right password waits now, and the sign-in page says why.
    assertThat(mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
        .user("Guessed@example.com").password("right-password-1")).andReturn().getResponse().getRedirectedUrl()).endsWith("/login?wait");
    assertThat(mvc.perform(get("/login?wait").header("Accept-Language", "sv")).andReturn().getResponse().getContentAsString())
        .contains("För många felaktiga lösenord");
    assertThat(mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
        .user("bystander@example.com").password("right-password-2")).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/");
  }

  @Test
  void changingOnesOwnPasswordKeepsTheSessionItWasChangedIn() throws Exception {
    users.add("changer@example.com", "Changer", Role.VIEWER, "first-password-1", null);
    var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(
        org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
            .user("changer@example.com").password("first-password-1")).andReturn().getRequest().getSession();
    var changed = mvc.perform(post("/account/password").session(session).with(csrf()).param("current", "first-password-1")
        .param("password", "second-password-2")).andReturn().getResponse();
    assertThat(changed.getRedirectedUrl()).endsWith("/account");
    // The session now holds the new password's hash: the check that ends sessions signed in with an old password
    // (SessionUserFilterTest) lets it go on.
    var context = (org.springframework.security.core.context.SecurityContext) session.getAttribute("SPRING_SECURITY_CONTEXT");
    assertThat(((SignedIn) context.getAuthentication().getPrincipal()).passwordHash())
        .isEqualTo(users.find("changer@example.com").orElseThrow().passwordHash());
    assertThat(mvc.perform(get("/account").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void formsAndSessionRequestsWithoutACsrfTokenAreRefused() throws Exception {
    assertThat(mvc.perform(post("/api/v1/tokens").with(user(people.get("admin")))).andReturn().getResponse().getStatus()).isEqualTo(403);
    assertThat(mvc.perform(post("/focus").param("kpi", "win_rate").with(user(people.get("admin")))).andReturn().getResponse().getStatus())
        .isEqualTo(403);
  }
}

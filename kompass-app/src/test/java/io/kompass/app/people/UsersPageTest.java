package io.kompass.app.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kompass.app.TestCompany;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Users page and {@code GET /api/v1/users}: what an admin can change there, and what is refused, in both languages. */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext
class UsersPageTest {

  @TempDir static Path dir;

  @DynamicPropertySource
  static void workspace(DynamicPropertyRegistry registry) {
    registry.add("kompass.workspace", () -> TestCompany.copy(dir).toString());
    // Every request of a session looks its user up again, so that a change ends the session at once.
    registry.add("kompass.session-recheck", () -> "0s");
  }

  @Autowired MockMvc mvc;
  @Autowired Users users;
  @Autowired ApiTokens tokens;
  @Autowired io.kompass.engine.workspace.Workspace workspace;

  SignedIn admin() {
    return users.find(TestCompany.ADMIN).orElseThrow();
  }

  /** Posts a form of the page as the admin; answers what the page shows next (the flash of the redirect). */
  MvcResult submit(MockHttpServletRequestBuilder form) throws Exception {
    MvcResult r = mvc.perform(form.with(csrf()).with(user(admin()))).andReturn();
    assertThat(r.getResponse().getStatus()).isEqualTo(302);
    assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/users");
    return r;
  }

  /** The page as it shows after a form, in a language. */
  String page(MvcResult after, String language) throws Exception {
    var get = get("/users").header("Accept-Language", language).with(user(admin()));
    after.getFlashMap().forEach(get::flashAttr);
    var response = mvc.perform(get).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return response.getContentAsString(StandardCharsets.UTF_8);
  }

  @Test
  void anAdminAddsARepUserWhoSignsInWithThePasswordShownOnce() throws Exception {
    MvcResult added = submit(post("/users").param("email", " Nina@Example.com ").param("role", "rep").param("rep", "R2"));
    UsersController.Done shown = (UsersController.Done) added.getFlashMap().get("password");
    assertThat(shown.email()).isEqualTo("nina@example.com");
    SignedIn nina = users.find("nina@example.com").orElseThrow();
    assertThat(nina.role()).isEqualTo(Role.REP);
    assertThat(nina.repId()).isEqualTo("R2");
    // Without a name, a rep user is called by the rep's name.
    assertThat(nina.name()).isEqualTo(nina.repName()).isNotBlank();
    String html = page(added, "en");
    assertThat(html).contains("Added nina@example.com. Their password:", "<code id=\"new-password\">" + shown.value() + "</code>",
        "data-user=\"nina@example.com\"");
    mvc.perform(formLogin("/login").user("nina@example.com").password(shown.value())).andExpect(authenticated().withUsername("nina@example.com"));
    // Shown once: the page opened again has no password on it.
    String again = mvc.perform(get("/users").with(user(admin()))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(again).doesNotContain(shown.value()).contains("data-user=\"nina@example.com\"");
  }

  @Test
  void aRefusedChangeChangesNothingAndSaysWhyInThePagesLanguage() throws Exception {
    long before = users.count();
    Map<MockHttpServletRequestBuilder, String[]> refused = new java.util.LinkedHashMap<>();
    refused.put(post("/users").param("email", TestCompany.MANAGER).param("role", "viewer"),
        new String[] {"There is already a user manager@kompass.demo; nothing was changed.", "Det finns redan en användare manager@kompass.demo"});
    refused.put(post("/users").param("email", "solo@example.com").param("role", "rep"),
        new String[] {"A user with role rep must be linked to a rep", "En användare med rollen säljare måste kopplas till en säljare"});
    refused.put(post("/users").param("email", "ghost@example.com").param("role", "rep").param("rep", "NO-SUCH-REP"),
        new String[] {"There is no rep with id “NO-SUCH-REP”", "Det finns ingen säljare med id ”NO-SUCH-REP”"});
    refused.put(post("/users").param("email", "anna svensson").param("role", "viewer"),
        new String[] {"“anna svensson” cannot be a sign-in name", "”anna svensson” kan inte vara ett inloggningsnamn"});
    refused.put(post("/users").param("email", "x".repeat(250) + "@example.com").param("role", "viewer"),
        new String[] {"cannot be a sign-in name: it has no spaces and at most 254 characters", "kan inte vara ett inloggningsnamn"});
    refused.put(post("/users").param("email", " ").param("role", "viewer"),
        new String[] {"Give the new user a sign-in name", "Ange ett inloggningsnamn (en e-postadress) för den nya användaren"});
    refused.put(post("/users").param("email", "x@example.com").param("role", "owner"),
        new String[] {"“owner” is not a role; nothing was changed.", "”owner” är ingen roll"});
    refused.put(post("/users/" + admin().id() + "/role").param("role", "viewer"),
        new String[] {"You cannot take your own admin role or remove yourself", "Du kan inte ta bort din egen administratörsroll"});
    refused.put(post("/users/" + admin().id() + "/remove"),
        new String[] {"You cannot take your own admin role or remove yourself", "Du kan inte ta bort din egen administratörsroll"});
    refused.put(post("/users/987654/remove"), new String[] {"There is no user with id 987654", "Det finns ingen användare med id 987654"});
    refused.put(post("/users").param("email", "watcher@example.com").param("role", "viewer").param("rep", "R2"),
        new String[] {"A viewer sees no rep&#39;s own numbers, so is not linked to a rep", "En läsare ser inga enskilda säljares siffror"});
    refused.put(post("/users/" + users.find(TestCompany.VIEWER).orElseThrow().id() + "/role").param("role", "viewer").param("rep", "R2"),
        new String[] {"A viewer sees no rep&#39;s own numbers, so is not linked to a rep", "En läsare ser inga enskilda säljares siffror"});
    for (var e : refused.entrySet()) {
      MvcResult r = submit(e.getKey());
      assertThat((Map<String, Object>) r.getFlashMap()).as(e.getValue()[0]).containsKey("refused").doesNotContainKeys("done", "password");
      assertThat(page(r, "en")).contains(e.getValue()[0]);
      assertThat(page(r, "sv")).contains(e.getValue()[1]);
    }
    assertThat(users.count()).isEqualTo(before);
    assertThat(admin().role()).isEqualTo(Role.ADMIN);
  }

  @Test
  void aNewRoleANewPasswordAndRemovalTakeEffectAndEndTheUsersTokens() throws Exception {
    SignedIn temp = users.add("temp@example.com", "Temp", Role.VIEWER, "temporary-1", null);
    String token = tokens.create(temp.id(), "script");

    MvcResult promoted = submit(post("/users/" + temp.id() + "/role").param("role", "manager").param("rep", ""));
    assertThat(users.find(temp.id()).orElseThrow().role()).isEqualTo(Role.MANAGER);
    assertThat(page(promoted, "en")).contains("temp@example.com now has role manager");
    assertThat(page(promoted, "sv")).contains("temp@example.com har nu rollen chef");
    // A token keeps working with the new role.
    assertThat(tokens.authenticate(token).orElseThrow().role()).isEqualTo(Role.MANAGER);

    MvcResult reset = submit(post("/users/" + temp.id() + "/password"));
    UsersController.Done shown = (UsersController.Done) reset.getFlashMap().get("password");
    assertThat(reset.getFlashMap().get("revoked")).isEqualTo(1);
    assertThat(tokens.authenticate(token)).isEmpty();
    assertThat(page(reset, "en")).contains("New password for temp@example.com:", shown.value(), "Their API token was revoked");
    mvc.perform(formLogin("/login").user("temp@example.com").password("temporary-1")).andExpect(unauthenticated());
    mvc.perform(formLogin("/login").user("temp@example.com").password(shown.value())).andExpect(authenticated());

    String second = tokens.create(temp.id(), "again");
    MvcResult removed = submit(post("/users/" + temp.id() + "/remove"));
    assertThat(users.find("temp@example.com")).isEmpty();
    assertThat(tokens.authenticate(second)).isEmpty();
    assertThat(page(removed, "en")).contains("Removed temp@example.com (manager) and their API tokens.").doesNotContain("data-user=\"temp@example.com\"");
  }

  @Test
  void anEmptyRepFieldUnlinksTheRepAViewerHasNoneAndTheNoticeSaysWhatHappened() throws Exception {
    SignedIn coach = users.add("coach@example.com", "Coach", Role.MANAGER, "coach-password-1", "R2");
    // Saved as it is: nothing changes, and the page says so instead of ending sessions.
    MvcResult same = submit(post("/users/" + coach.id() + "/role").param("role", "manager").param("rep", "R2"));
    assertThat(page(same, "en")).contains("coach@example.com already has role manager and that rep: nothing was changed.");
    MvcResult unlinked = submit(post("/users/" + coach.id() + "/role").param("role", "manager").param("rep", " "));
    assertThat(users.find(coach.id()).orElseThrow().repId()).isNull();
    assertThat(page(unlinked, "en")).contains("coach@example.com now has role manager; their signed-in sessions end.");
    // A rep user who becomes a viewer is no longer linked to their rep.
    SignedIn seller = users.add("seller@example.com", "", Role.REP, "seller-password-1", "R2");
    // The field as the page fills it in (the rep user's rep) goes with the old role.
    submit(post("/users/" + seller.id() + "/role").param("role", "viewer").param("rep", "R2"));
    assertThat(users.find(seller.id()).orElseThrow().role()).isEqualTo(Role.VIEWER);
    assertThat(users.find(seller.id()).orElseThrow().repId()).isNull();
    // A rep user needs their rep: emptying it is refused.
    SignedIn other = users.add("other.rep@example.com", "", Role.REP, "other-password-1", "R2");
    MvcResult refused = submit(post("/users/" + other.id() + "/role").param("role", "rep").param("rep", ""));
    assertThat(page(refused, "en")).contains("A user with role rep must be linked to a rep");
    assertThat(users.find(other.id()).orElseThrow().repId()).isEqualTo("R2");
    // The admin's own change says they stay signed in.
    users.changeRole(admin().id(), Role.ADMIN, "");
    MvcResult self = submit(post("/users/" + admin().id() + "/role").param("role", "admin").param("rep", "R2"));
    assertThat(page(self, "en")).contains("Saved: your role is admin, and you stay signed in.");
    assertThat(page(self, "sv")).contains("Sparat: din roll är administratör, och du är fortfarande inloggad.");
    submit(post("/users/" + admin().id() + "/role").param("role", "admin").param("rep", ""));
    assertThat(admin().repId()).isNull();
  }

  @Test
  void aFormWithoutItsTokenOrAFieldSaysWhatWentWrongAndChangesNothing() throws Exception {
    long before = users.count();
    var stale = mvc.perform(post("/users").param("email", "csrf@example.com").param("role", "viewer").with(user(admin()))
        .header("Accept-Language", "en")).andReturn().getResponse();
    // (What the error page says is checked in a real browser: BrowserTest.)
    assertThat(stale.getStatus()).isEqualTo(403);
    assertThat(users.count()).isEqualTo(before);
    var missing = mvc.perform(post("/users/" + admin().id() + "/role").with(csrf()).with(user(admin())).header("Accept-Language", "en"))
        .andReturn().getResponse();
    assertThat(missing.getStatus()).isEqualTo(400);
  }

  @Test
  void removingAUserAndANewPasswordAskFirst() throws Exception {
    String html = mvc.perform(get("/users").with(user(admin()))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).contains("data-confirm=\"Remove manager@kompass.demo and their API tokens?\"",
        "data-confirm=\"Make a new password for manager@kompass.demo? Their old one stops working and their API tokens are revoked.\"");
  }

  @Test
  void anAdminWhoChangesTheirOwnRepOrPasswordStaysSignedIn() throws Exception {
    var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(formLogin("/login").user(TestCompany.ADMIN)
        .password(TestCompany.PASSWORD)).andExpect(authenticated()).andReturn().getRequest().getSession();
    long id = admin().id();
    var linked = mvc.perform(post("/users/" + id + "/role").param("role", "admin").param("rep", "R2").session(session).with(csrf()))
        .andReturn().getResponse();
    assertThat(linked.getRedirectedUrl()).isEqualTo("/users");
    assertThat(admin().repId()).isEqualTo("R2");
    // The session signed in before the change goes on (another user's would end at its next request).
    assertThat(mvc.perform(get("/users").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
    var reset = mvc.perform(post("/users/" + id + "/password").session(session).with(csrf())).andReturn();
    assertThat(reset.getResponse().getRedirectedUrl()).isEqualTo("/users");
    assertThat(mvc.perform(get("/users").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
    // Put back as the other tests know the admin.
    users.changePassword(id, TestCompany.PASSWORD);
    users.changeRole(id, Role.ADMIN, "");
  }

  @Test
  void thePageOffersNoRemovalOfOneselfAndOnlyAdminsSeeItInTheMenu() throws Exception {
    String html = mvc.perform(get("/users").with(user(admin()))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("/users/" + admin().id() + "/remove").contains("/users/" + admin().id() + "/role");
    assertThat(html).contains("href=\"/users\" aria-current=\"page\"");
    for (String role : java.util.List.of("manager", "rep", "viewer")) {
      SignedIn who = users.all().stream().filter(u -> u.role().id().equals(role)).findFirst().orElseThrow();
      String overview = mvc.perform(get("/account").with(user(who))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
      assertThat(overview).as(role).doesNotContain("href=\"/users\"");
    }
  }

  @Test
  void aTokenReadsTheUsersOnlyAsAnAdminAndChangesNobody() throws Exception {
    String adminToken = tokens.create(admin().id(), "script");
    String repToken = tokens.create(users.all().stream().filter(u -> u.role() == Role.REP).findFirst().orElseThrow().id(), "script");
    assertThat(mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + adminToken)).andReturn().getResponse().getStatus())
        .isEqualTo(200);
    assertThat(mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + repToken)).andReturn().getResponse().getStatus())
        .isEqualTo(403);
    long before = users.count();
    // A form posted with a token neither signs in nor skips the CSRF check.
    var withToken = mvc.perform(post("/users").param("email", "bytoken@example.com").param("role", "admin")
        .header("Authorization", "Bearer " + adminToken)).andReturn().getResponse();
    assertThat(withToken.getStatus()).isEqualTo(403);
    var withTokenAndCsrf = mvc.perform(post("/users").param("email", "bytoken@example.com").param("role", "admin").with(csrf())
        .header("Authorization", "Bearer " + adminToken)).andReturn().getResponse();
    assertThat(withTokenAndCsrf.getStatus()).isEqualTo(302);
    assertThat(withTokenAndCsrf.getRedirectedUrl()).endsWith("/login");
    assertThat(users.count()).isEqualTo(before);
  }

  @Test
  void thePageSaysHowManyApiTokensEachUserHas() throws Exception {
    SignedIn viewer = users.find(TestCompany.VIEWER).orElseThrow();
    int before = tokens.of(viewer.id()).size();
    tokens.create(viewer.id(), "nightly");
    String html = mvc.perform(get("/users").with(user(admin()))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-user=\"viewer@kompass.demo\".*?<td role=\"cell\" class=\"num tokens\"[^>]*>([^<]*)</td>",
        java.util.regex.Pattern.DOTALL).matcher(html);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(Integer.toString(before + 1));
  }

  @Test
  void theApiListsTheUsersWithoutTheirPasswords() throws Exception {
    String body = mvc.perform(get("/api/v1/users").with(user(admin()))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    JsonNode list = JsonMapper.builder().build().readTree(body);
    assertThat(list.size()).isEqualTo((int) users.count());
    JsonNode first = list.get(0);
    assertThat(first.propertyNames()).containsExactly("id", "email", "name", "role", "rep_id", "rep_name", "rep_team", "api_tokens",
        "last_signed_in_at");
    JsonNode rep = null;
    for (JsonNode u : list) {
      if (u.get("role").asString().equals("rep")) {
        rep = u;
      }
    }
    assertThat(rep).isNotNull();
    assertThat(rep.get("rep_id").asString()).isEqualTo(users.find(rep.get("email").asString()).orElseThrow().repId());
    assertThat(body).doesNotContain("bcrypt", "password");
  }

  @Test
  void thePageSaysWhenEachUserLastSignedInWithTheirPassword() throws Exception {
    String pattern = "data-user=\"%s\".*?<td role=\"cell\" class=\"signed-in\"[^>]*>([^<]*)</td>";
    MvcResult added = submit(post("/users").param("email", "late@example.com").param("role", "viewer"));
    String password = ((UsersController.Done) added.getFlashMap().get("password")).value();
    String before = mvc.perform(get("/users").header("Accept-Language", "sv").with(user(admin()))).andReturn().getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
    java.util.regex.Matcher never = java.util.regex.Pattern.compile(String.format(pattern, "late@example.com"), java.util.regex.Pattern.DOTALL)
        .matcher(before);
    assertThat(never.find()).isTrue();
    assertThat(never.group(1)).isEqualTo("Aldrig");
    assertThat(before).contains(">Senast inloggad<");

    mvc.perform(formLogin("/login").user(TestCompany.MANAGER).password(TestCompany.PASSWORD)).andExpect(authenticated());
    // A wrong password is no sign-in.
    mvc.perform(formLogin("/login").user("late@example.com").password("not-the-password")).andExpect(unauthenticated());
    String after = mvc.perform(get("/users").header("Accept-Language", "en").with(user(admin()))).andReturn().getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
    java.util.regex.Matcher manager = java.util.regex.Pattern.compile(String.format(pattern, TestCompany.MANAGER), java.util.regex.Pattern.DOTALL)
        .matcher(after);
    assertThat(manager.find()).isTrue();
    assertThat(manager.group(1)).isNotEqualTo("Never").containsPattern("[0-9]{4}").contains(":");
    java.util.regex.Matcher stillNever = java.util.regex.Pattern.compile(String.format(pattern, "late@example.com"), java.util.regex.Pattern.DOTALL)
        .matcher(after);
    assertThat(stillNever.find()).isTrue();
    assertThat(stillNever.group(1)).isEqualTo("Never");

    JsonNode list = JsonMapper.builder().build().readTree(mvc.perform(get("/api/v1/users").with(user(admin()))).andReturn().getResponse()
        .getContentAsString(StandardCharsets.UTF_8));
    for (JsonNode u : list) {
      if (u.get("email").asString().equals(TestCompany.MANAGER)) {
        assertThat(java.time.LocalDateTime.parse(u.get("last_signed_in_at").asString()))
            .isAfter(java.time.LocalDateTime.now(java.time.ZoneId.of("UTC")).minusDays(2));
      }
      if (u.get("email").asString().equals("late@example.com")) {
        assertThat(u.get("last_signed_in_at").isNull()).isTrue();
      }
    }
    // Removing a user removes when they signed in too.
    mvc.perform(formLogin("/login").user("late@example.com").password(password)).andExpect(authenticated());
    SignedIn late = users.find("late@example.com").orElseThrow();
    assertThat(users.lastSignIns()).containsKey(late.id());
    submit(post("/users/" + late.id() + "/remove"));
    assertThat(users.lastSignIns()).doesNotContainKey(late.id());
  }

  @Test
  void aRepIdInAnotherCaseFindsTheRepAndAnUnknownOneIsRefused() throws Exception {
    submit(post("/users").param("email", "lower@example.com").param("role", "rep").param("rep", " r3 "));
    SignedIn lower = users.find("lower@example.com").orElseThrow();
    assertThat(lower.repId()).isEqualTo("R3");
    submit(post("/users/" + lower.id() + "/role").param("role", "manager").param("rep", "r4"));
    assertThat(users.find("lower@example.com").orElseThrow().repId()).isEqualTo("R4");
    MvcResult refused = submit(post("/users/" + lower.id() + "/role").param("role", "rep").param("rep", "nobody-9"));
    assertThat(page(refused, "en")).contains("There is no rep with id “nobody-9”");
    assertThat(users.find("lower@example.com").orElseThrow().repId()).isEqualTo("R4");
    // Two reps whose ids differ only in case: neither is guessed.
    try (var c = workspace.connect(); var s = c.createStatement()) {
      s.execute("INSERT INTO reps (id, source_system, name) VALUES ('Twin', 'csv', 'Twin One'), ('TWIN', 'csv', 'Twin Two')");
    }
    MvcResult twins = submit(post("/users/" + lower.id() + "/role").param("role", "rep").param("rep", "twin"));
    assertThat(page(twins, "en")).contains("Several reps have the id “twin” in another case");
    assertThat(page(twins, "sv")).contains("Flera säljare har id:t ”twin”");
    assertThat(users.find("lower@example.com").orElseThrow().repId()).isEqualTo("R4");
    submit(post("/users/" + lower.id() + "/role").param("role", "rep").param("rep", "TWIN"));
    assertThat(users.find("lower@example.com").orElseThrow().repId()).isEqualTo("TWIN");
  }
}

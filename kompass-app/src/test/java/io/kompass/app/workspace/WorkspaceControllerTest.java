package io.kompass.app.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import io.kompass.app.KompassCli;
import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext
class WorkspaceControllerTest {

  static final char NBSP = '\u00a0';

  @TempDir static Path dir;

  @Autowired MockMvc mvc;

  /** A workspace with the small export plus 1,500 activities (to see thousands separators). */
  @DynamicPropertySource
  static void workspace(DynamicPropertyRegistry registry) {
    registry.add("kompass.workspace", () -> {
      try {
        Path in = KompassCli.writeSmallExport(dir.resolve("export"));
        List<String> activities = new ArrayList<>(List.of("id,type,occurred_at,rep_id"));
        IntStream.rangeClosed(1, 1500).forEach(i -> activities.add("C" + i + ",call,2024-03-01 10:00:00,R1"));
        KompassCli.write(in.resolve("activities.csv"), activities.toArray(String[]::new));
        Path ws = dir.resolve("web.duckdb");
        assertThat(KompassCli.run("import", "--workspace", ws.toString(), in.toString()).exitCode()).isEqualTo(3);
        // The signed-in user must exist: a session whose user is gone ends.
        assertThat(KompassCli.run("user", "add", VIEWER.email(), "--role", "viewer", "--name", VIEWER.name(), "--workspace", ws.toString())
            .exitCode()).isZero();
        return ws.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Someone signed in, the workspace's first user; the Data page and the API need no more than that. */
  static final SignedIn VIEWER = new SignedIn(1, "viewer", "Viewer", Role.VIEWER, null, null, null, null);

  @Autowired io.kompass.app.people.Users users;

  /** The viewer as stored (a session is checked against the stored user, password included). */
  SignedIn viewer() {
    return users.find(VIEWER.email()).orElseThrow();
  }

  String page(String url, String acceptLanguage) throws Exception {
    return mvc.perform(get(url).header("Accept-Language", acceptLanguage).with(user(viewer())))
        .andExpect(status().isOk())
        .andReturn().getResponse().getContentAsString();
  }

  /** The text of a table row, cells separated by " | ". */
  static String row(String html, String attribute) {
    Matcher m = Pattern.compile("<tr[^>]*" + Pattern.quote(attribute) + "[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("row " + attribute).isTrue();
    return text(m.group(1).replaceAll("</t[hd]>\\s*<t[hd][^>]*>", " | "));
  }

  static String text(String html) {
    return html.replaceAll("<[^>]+>", " ").replaceAll("[ \\t\\r\\n]+", " ").trim();
  }

  static String element(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</(dd|ul|section)>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("element " + id).isTrue();
    return text(m.group(1));
  }

  @Test
  void theDataPageShowsRowsPerTableWithDatesCurrenciesAndQuarantineInEnglish() throws Exception {
    String html = page("/data", "en-US,en;q=0.9");

    assertThat(html).contains("<html lang=\"en\">", "<title>Data · Kompass</title>");
    assertThat(text(html)).contains("1,511 rows in 7 tables");
    assertThat(row(html, "data-table=\"deals\"")).isEqualTo("Deals | 2 | 1 Feb 2024 | 1 May 2024");
    assertThat(row(html, "data-table=\"activities\"")).isEqualTo("Activities | 1,500 | 1 Mar 2024 | 1 Mar 2024");
    assertThat(row(html, "data-table=\"leads\"")).isEqualTo("Leads | 0 | – | –");
    assertThat(element(html, "currency")).isEqualTo("EUR");
    assertThat(element(html, "time-zone")).isEqualTo("Europe/Stockholm");
    assertThat(element(html, "currencies")).isEqualTo("EUR (workspace currency) SEK");
    assertThat(element(html, "quarantine")).startsWith("Quarantine 1 row was not loaded because it failed a check.");
    assertThat(html).contains("Example rows are shown to admins and managers.");
    assertThat(row(html, "data-import=\"1\""))
        .matches("1 \\| \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d \\| Done \\| currency_rates.csv, teams.csv, reps.csv,"
            + " accounts.csv, deals.csv, activities.csv \\| 1,509 \\| 1,508 \\| 1");
  }

  @Test
  void theDataPageIsInSwedishWithLangSvAndStaysSoThroughTheCookie() throws Exception {
    var result = mvc.perform(get("/data").param("lang", "sv").header("Accept-Language", "en").with(user(viewer())))
        .andExpect(status().isOk())
        .andExpect(cookie().value("kompass-lang", "sv"))
        .andReturn();
    String html = result.getResponse().getContentAsString();

    assertThat(html).contains("<html lang=\"sv\">", "<title>Data · Kompass</title>");
    assertThat(text(html)).contains("1" + NBSP + "511 rader i 7 tabeller");
    assertThat(row(html, "data-table=\"deals\"")).isEqualTo("Affärer | 2 | 1 feb. 2024 | 1 maj 2024");
    assertThat(row(html, "data-table=\"activities\"")).isEqualTo("Aktiviteter | 1" + NBSP + "500 | 1 mars 2024 | 1 mars 2024");
    assertThat(element(html, "currencies")).isEqualTo("EUR (arbetsytans valuta) SEK");
    assertThat(element(html, "quarantine")).startsWith("Karantän 1 rad lästes inte in eftersom den inte klarade en kontroll.")
        .contains("amount: inte ett tal (skriv 1234.50, utan tusentalsavgränsare): &#39;…&#39;")
        .doesNotContain("not a number");

    String again = mvc.perform(get("/data").cookie(new Cookie("kompass-lang", "sv")).header("Accept-Language", "en").with(user(viewer())))
        .andReturn().getResponse().getContentAsString();
    assertThat(again).contains("<html lang=\"sv\">");
  }

  @Test
  void theBrowserLanguageIsTheDefaultAndUnsupportedLanguagesFallBackToEnglish() throws Exception {
    assertThat(page("/data", "sv-SE,sv;q=0.9,en;q=0.8")).contains("<html lang=\"sv\">", "Översikt");
    assertThat(page("/data", "de-DE,de;q=0.9")).contains("<html lang=\"en\">", "Overview");
    assertThat(mvc.perform(get("/data").param("lang", "de").header("Accept-Language", "sv").with(user(viewer()))).andReturn().getResponse()
        .getContentAsString()).contains("<html lang=\"sv\">");
  }

  @Test
  void theApiReturnsTheSummaryAsJson() throws Exception {
    mvc.perform(get("/api/v1/workspace").with(user(viewer())))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.settings.currency").value("EUR"))
        .andExpect(jsonPath("$.settings.time_zone").value("Europe/Stockholm"))
        .andExpect(jsonPath("$.tables[?(@.table == 'deals')].rows", contains(2)))
        .andExpect(jsonPath("$.tables[?(@.table == 'deals')].from", contains("2024-02-01")))
        .andExpect(jsonPath("$.tables[?(@.table == 'activities')].rows", contains(1500)))
        .andExpect(jsonPath("$.currencies", contains("EUR", "SEK")))
        .andExpect(jsonPath("$.quarantined").value(1))
        .andExpect(jsonPath("$.imports[0].status").value("done"))
        .andExpect(jsonPath("$.imports[0].loaded").value(1508));
  }

  @Test
  void theApiGivesTheSameDocumentAsStatusWithFormatJson(@Autowired Workspace workspace) throws Exception {
    String api = mvc.perform(get("/api/v1/workspace").with(user(viewer()))).andReturn().getResponse().getContentAsString();
    // kompass status --format json writes the summary with Kompass.JSON.
    JsonMapper plain = JsonMapper.builder().build();
    assertThat(plain.readTree(api)).isEqualTo(plain.readTree(io.kompass.app.Kompass.JSON.writeValueAsString(Summary.of(workspace, 10))));
    assertThat(plain.readTree(api).propertyNames()).containsExactly("settings", "tables", "currencies", "imports", "quarantined");
  }
}

package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kompass.app.TestCompany;
import io.kompass.app.kpi.KpiJson;
import io.kompass.app.numbers.DataVersion;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.app.people.Users;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard pages and the JSON API on the tiny demo company, as each role sees them. */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext
class DashboardWebTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final char NBSP = '\u00a0';

  @TempDir static Path dir;

  @DynamicPropertySource
  static void workspace(DynamicPropertyRegistry registry) {
    registry.add("kompass.workspace", () -> TestCompany.copy(dir).toString());
  }

  @Autowired MockMvc mvc;
  @Autowired Users users;
  @Autowired Workspace workspace;
  @Autowired Catalog catalog;
  @Autowired Numbers numbers;
  @Autowired io.kompass.app.people.ApiTokens tokens;
  @Autowired DataVersion version;
  @Autowired Warmup warmup;

  SignedIn as(String role) {
    return users.all().stream().filter(u -> u.role().id().equals(role)).findFirst().orElseThrow();
  }

  String page(String url, SignedIn who) throws Exception {
    return body(get(url).header("Accept-Language", "en"), who, 200);
  }

  String body(AbstractMockHttpServletRequestBuilder<?> request, SignedIn who, int status) throws Exception {
    var response = mvc.perform(request.with(user(who))).andReturn().getResponse();
    assertThat(response.getStatus()).as(request.toString()).isEqualTo(status);
    return response.getContentAsString(StandardCharsets.UTF_8);
  }

  JsonNode json(String url, SignedIn who) throws Exception {
    return JSON.readTree(body(get(url), who, 200));
  }

  static List<String> all(String html, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  List<String> repNames() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = workspace.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM reps")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static String quoted(String name) {
    return "'" + name.replace("'", "''") + "'";
  }

  List<String> coreIds() {
    return catalog.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id).toList();
  }

  // ---- sign-in ----

  @Test
  void aFiscalYearSavedOnTheOverviewShapesTheQuartersOfPagesAndApi() throws Exception {
    SignedIn manager = as("manager");
    assertThat(page("/", manager)).contains("name=\"start\"").contains(">Fiscal year starts in<");
    for (String bad : List.of("13", "0", "abc", "7.5", "99999999999")) {
      assertThat(body(post("/fiscal-year").param("start", bad).header("Accept-Language", "sv").with(csrf()), manager, 400))
          .as(bad).contains("Räkenskapsåret börjar i en månad från 1 till 12, inte ”" + bad + "”");
    }
    body(post("/fiscal-year").with(csrf()), manager, 400);
    body(post("/fiscal-year").param("start", "7").with(csrf()), as("viewer"), 403);
    assertThat(workspace.fiscalStartMonth()).isEqualTo(1);
    try {
      assertThat(mvc.perform(post("/fiscal-year").param("start", "7").with(csrf()).with(user(manager))).andReturn().getResponse()
          .getRedirectedUrl()).isEqualTo("/");
      assertThat(workspace.fiscalStartMonth()).isEqualTo(7);

      String quarters = page("/?grain=quarter&from=2025-07-01&to=2026-06-30", manager);
      assertThat(quarters).contains("Q1 2025/26").contains("Q4 2025/26").doesNotContain("Q3 2025<");
      assertThat(quarters).contains("<option value=\"7\" selected=\"selected\">July</option>");
      JsonNode api = json("/api/v1/kpis?kpi=win_rate&grain=quarter&from=2025-07-01&to=2026-06-30", manager);
      assertThat(api.get("query").get("fiscal_year_start_month").asInt()).isEqualTo(7);
      List<String> starts = new ArrayList<>();
      api.get("kpis").get(0).get("cells").forEach(c -> starts.add(c.get("period_start").asString()));
      assertThat(starts).containsExactly("2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01");
      // A query may still ask for another start.
      assertThat(json("/api/v1/kpis?kpi=win_rate&grain=quarter&fiscal-start=1&from=2025-07-01&to=2026-06-30", manager).get("query")
          .get("fiscal_year_start_month").asInt()).isEqualTo(1);
    } finally {
      body(post("/fiscal-year").param("start", "1").with(csrf()), manager, 302);
    }
    assertThat(page("/?grain=quarter&from=2025-07-01&to=2026-06-30", manager)).contains("Q3 2025").doesNotContain("Q1 2025/26");
  }

  @Test
  void newDataIsAnnouncedWithTheDefaultOverviewAlreadyComputedAndKeptForIt() throws Exception {
    SignedIn manager = as("manager");
    KpiQuery overview = Overview.query(catalog, Filters.defaults(numbers), Focus.ids(numbers, null));
    // New data, as an import writes it (a write that is not an import marks the data the same way).
    try (Connection c = workspace.connect()) {
      Workspace.markDataWritten(c);
    }
    version.bump(0);
    // Whoever asks first after the announcement (this test or the server's own computation after it) reads what was kept.
    List<KpiResult> each = numbers.runEach(manager, overview);
    KpiResult computed = KpiEngine.on(workspace, catalog).run(overview);
    for (int i = 0; i < each.size(); i++) {
      assertThat(each.get(i).source()).as(overview.kpis().get(i).kpi()).contains("kept from");
      assertThat(each.get(i).kpis().get(0)).as(overview.kpis().get(i).kpi()).isEqualTo(computed.kpis().get(i));
    }
  }

  @Test
  void afterNewDataTheFocusKpisHistoriesAreComputedInTheBackgroundAndAnotherGrainOrRangeIsReadFromThem() throws Exception {
    SignedIn manager = as("manager");
    version.bump(0);
    long target = version.current();
    assertThat(warmup.awaitHistories(target, java.time.Duration.ofMinutes(2))).as("the histories of data version " + target
        + " are computed within two minutes").isTrue();
    LocalDate today = LocalDate.now(workspace.settings().timeZone());
    LocalDate from = today.minusYears(2).withDayOfYear(1);
    LocalDate to = today.minusYears(1).withMonth(12).withDayOfMonth(31);
    List<String> focus = Focus.ids(numbers, null);
    String inFocus = focus.contains("customer_retention_rate") ? "customer_retention_rate" : focus.get(0);
    for (String grain : List.of("quarter", "month", "week", "year")) {
      JsonNode api = json("/api/v1/kpis?kpi=" + inFocus + "&grain=" + grain + "&from=" + from + "&to=" + to, manager);
      assertThat(api.get("source").asString()).as(grain).endsWith("read from its history");
      KpiQuery same = new KpiQuery(List.of(KpiRequest.of(inFocus)), from, to, new Calendar(Grain.parse(grain), 1), List.of(),
          null, KpiQuery.DEFAULT_MIN_N, null);
      JsonNode computed = JSON.readTree(JSON.writeValueAsString(KpiJson.result(KpiEngine.on(workspace, catalog).run(same))));
      assertThat(api.get("kpis")).as(grain).isEqualTo(computed.get("kpis"));
    }
    // A KPI outside the focus set has no history: it is computed.
    String outside = catalog.kpis().stream().map(Kpi::id).filter(id -> !focus.contains(id)).findFirst().orElseThrow();
    assertThat(json("/api/v1/kpis?kpi=" + outside + "&grain=quarter&from=" + from + "&to=" + to, manager).get("source").asString())
        .doesNotContain("history");
  }

  @Test
  void signingInWithTheDemoPasswordWorksAndAWrongOneDoesNot() throws Exception {
    var ok = mvc.perform(formLogin("/login").user(TestCompany.MANAGER).password(TestCompany.PASSWORD)).andReturn().getResponse();
    assertThat(ok.getRedirectedUrl()).isEqualTo("/");
    var bad = mvc.perform(formLogin("/login").user(TestCompany.MANAGER).password("wrong-password")).andReturn().getResponse();
    assertThat(bad.getRedirectedUrl()).isEqualTo("/login?error");
    String login = mvc.perform(get("/login").param("error", "").param("lang", "sv")).andReturn().getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
    assertThat(login).contains("Användarnamnet och lösenordet stämmer inte.", "name=\"_csrf\"");
  }

  @Test
  void sessionsExpireAfterAnHourWithoutRequests(@Value("${server.servlet.session.timeout}") String timeout) {
    assertThat(timeout).isEqualTo("60m");
  }

  // ---- overview ----

  @Test
  void theOverviewHasATilePerCoreKpiWithValueChangeSparklineIntervalAndItsTableAlternative() throws Exception {
    String html = page("/", as("manager"));
    assertThat(all(html, "<li class=\"tile[^\"]*\"\\s+data-kpi=\"([a-z_]+)\"")).containsExactlyElementsOf(coreIds());
    assertThat(all(html, "class=\"tile-value\">([^<]+)<")).hasSize(7).allSatisfy(v -> assertThat(v).isNotEqualTo("–"));
    assertThat(all(html, "<script type=\"application/json\" id=\"spark-([a-z_]+)\">")).hasSize(7);
    assertThat(all(html, "<div (class)=\"sr-only\"><table>")).hasSize(7);
    assertThat(html).contains("vs the period before", "95% interval: ");
    assertThat(html).doesNotContain("id=\"too-many\"");
    assertThat(html).matches("(?s).*class=\"tile-value\">\\d+\\.\\d%<.*");
  }

  @Test
  void aPeriodStillRunningSaysHowFarItIsAndAPastOneDoesNot() throws Exception {
    LocalDate today = LocalDate.now(workspace.settings().timeZone());
    String running = "day " + today.getDayOfMonth() + " of " + today.lengthOfMonth();
    assertThat(all(page("/", as("manager")), "class=\"tile-so-far\">([^<]+)<")).hasSize(7)
        .allSatisfy(t -> assertThat(t).isEqualTo("Period still running: " + running));
    assertThat(all(body(get("/").param("lang", "sv"), as("viewer"), 200), "class=\"tile-so-far\">([^<]+)<"))
        .hasSize(7).allSatisfy(t -> assertThat(t).isEqualTo("Perioden pågår: dag " + today.getDayOfMonth() + " av " + today.lengthOfMonth()));
    assertThat(page("/kpi/win_rate", as("manager"))).contains("class=\"tile-so-far\">Period still running: " + running + "<");
    assertThat(page("/?from=2025-01-01&to=2025-06-30", as("manager"))).contains("class=\"tile-period\">Jun 2025<").doesNotContain("tile-so-far");
  }

  @Test
  void aCohortKpiWhoseLatestPeriodIsStillSettlingIsNotJudgedAndSaysWhy() throws Exception {
    String html = page("/", as("manager"));
    assertThat(all(html, "<li class=\"tile effect-settling\"\s+data-kpi=\"([a-z_]+)\"")).containsExactly("lead_conversion_rate");
    assertThat(all(html, "class=\"tile-settling\">(Still settling[^<]+)<"))
        .containsExactly("Still settling: outcomes of this period keep coming in after it ends, so its change is not judged.");
    assertThat(all(html, "class=\"effect\">([^<]+)<")).contains("too early to judge").hasSize(7);
    assertThat(body(get("/").param("lang", "sv"), as("viewer"), 200)).contains("för tidigt att bedöma", "Inte klar än: periodens utfall");
    assertThat(page("/kpi/lead_conversion_rate", as("manager"))).contains("class=\"tile-settling\"", "effect-settling");
    assertThat(page("/kpi/lead_conversion_rate?variant=period", as("manager"))).doesNotContain("tile-settling", "effect-settling");
    // The trend table marks the months that ended less than 180 days ago (and the running one): the last six or seven.
    LocalDate today = LocalDate.now(workspace.settings().timeZone());
    long unsettled = java.util.stream.IntStream.range(0, 12)
        .filter(i -> today.withDayOfMonth(1).minusMonths(i).plusMonths(1).plusDays(180).isAfter(today)).count();
    assertThat(all(page("/kpi/lead_conversion_rate", as("manager")), "<span class=\"settling\">([^<]+)<"))
        .hasSize((int) unsettled).allSatisfy(t -> assertThat(t).isEqualTo("still settling"));
    assertThat(page("/kpi/win_rate", as("manager"))).doesNotContain("class=\"settling\"");
    JsonNode tile = json("/api/v1/overview", as("viewer")).get("tiles").get(0);
    assertThat(tile.get("id").asString()).isEqualTo("lead_conversion_rate");
    assertThat(tile.get("effect").asString()).isEqualTo("settling");
    assertThat(tile.get("days_so_far").asInt()).isEqualTo(LocalDate.now(workspace.settings().timeZone()).getDayOfMonth());
    JsonNode settled = json("/api/v1/overview?to=2025-06-30&from=2025-01-01", as("viewer")).get("tiles").get(0);
    assertThat(settled.get("days_so_far").isNull()).isTrue();
    assertThat(settled.get("effect").asString()).isIn("better", "worse", "same", "noise");
  }

  @Test
  void aKpiWithNoBetterDirectionSaysSoInBothLanguages() throws Exception {
    assertThat(page("/kpi/avg_call_duration", as("manager"))).contains("Neither higher nor lower is better in itself").doesNotContain("??");
    assertThat(body(get("/kpi/avg_call_duration").param("lang", "sv"), as("manager"), 200))
        .contains("Varken högre eller lägre är bättre i sig").doesNotContain("??");
  }

  @Test
  void aChangeThatCouldBeNoiseIsNotColouredAndSaysWhy() throws Exception {
    for (String lang : List.of("en", "sv")) {
      String html = body(get("/").param("lang", lang).param("from", "2024-01-01").param("to", "2025-12-31").param("grain", "quarter"), as("manager"), 200);
      List<String> noise = all(html, "<li class=\"tile effect-noise\"\\s+data-kpi=\"([a-z_]+)\"");
      assertThat(noise).isNotEmpty();
      String note = lang.equals("en") ? "Could be noise: a change this size" : "Kan vara slump: en så stor förändring";
      assertThat(html.split(java.util.regex.Pattern.quote(note), -1).length - 1).isEqualTo(noise.size());
      assertThat(all(html, "class=\"effect\">([^<]+)<")).filteredOn(e -> e.equals(lang.equals("en") ? "could be noise" : "kan vara slump"))
          .hasSize(noise.size());
    }
  }

  @Test
  void theOverviewWarnsAboveSevenKpisAndShowsTheTargetWhereOneExists() throws Exception {
    String html = page("/?kpis=revenue,win_rate,lead_conversion_rate,average_order_value,sales_cycle_days,cac,"
        + "customer_retention_rate,contacts_per_close", as("manager"));
    assertThat(html).contains("id=\"too-many\"", "The team tracks 8 KPIs.");
    assertThat(all(html, "class=\"tile-target\">([^<]+)<")).singleElement().asString().matches("Target €[\\d,]+: \\d+% reached");
  }

  @Test
  void aTargetIsShownOnlyForAPeriodItsRowsCoverDayForDay() throws Exception {
    // Company targets for two months of the first quarter of 2019 and all three of the second: the first
    // quarter has none (its two months alone would make the team look ahead of plan), and the second's
    // average order value is the months' average, not their sum.
    try (var c = workspace.connect(); var s = c.createStatement()) {
      s.execute("INSERT INTO targets (id, source_system, kpi, period_start, period_end, value) VALUES"
          + " ('T2019-1', 'test', 'average_order_value', '2019-01-01', '2019-01-31', 100),"
          + " ('T2019-2', 'test', 'average_order_value', '2019-02-01', '2019-02-28', 100),"
          + " ('T2019-4', 'test', 'average_order_value', '2019-04-01', '2019-04-30', 100),"
          + " ('T2019-5', 'test', 'average_order_value', '2019-05-01', '2019-05-31', 100),"
          + " ('T2019-6', 'test', 'average_order_value', '2019-06-01', '2019-06-30', 100),"
          // Two rows for July (a revision) and August: as many days as the quarter, but September has none.
          + " ('T2019-7', 'test', 'average_order_value', '2019-07-01', '2019-07-31', 100),"
          + " ('T2019-7b', 'test', 'average_order_value', '2019-07-01', '2019-07-31', 100),"
          + " ('T2019-8', 'test', 'average_order_value', '2019-08-01', '2019-08-30', 100),"
          // A target for the fourth quarter next to targets for two of its months: the quarter's row is the quarter's target.
          + " ('T2019-Q4', 'test', 'average_order_value', '2019-10-01', '2019-12-31', 120),"
          + " ('T2019-10', 'test', 'average_order_value', '2019-10-01', '2019-10-31', 100),"
          + " ('T2019-11', 'test', 'average_order_value', '2019-11-01', '2019-11-30', 100)");
    }
    String quarter = page("/?kpis=average_order_value&grain=quarter&from=2019-10-01&to=2019-12-31", as("manager"));
    assertThat(all(quarter, "class=\"tile-target\">([^<]+)<")).singleElement().asString().startsWith("Target €120:");
    // The KPI page shows it too, for the KPI's default measure only.
    assertThat(all(page("/kpi/average_order_value?grain=quarter&from=2019-10-01&to=2019-12-31", as("manager")),
        "id=\"target\">([^<]+)<")).singleElement().asString().startsWith("Target €120:");
    assertThat(page("/kpi/average_order_value?variant=gross&grain=quarter&from=2019-10-01&to=2019-12-31", as("manager")))
        .doesNotContain("id=\"target\"");
    String covered = page("/?kpis=average_order_value&grain=quarter&from=2019-04-01&to=2019-06-30", as("manager"));
    assertThat(all(covered, "class=\"tile-target\">([^<]+)<")).singleElement().asString().startsWith("Target €100:");
    String partly = page("/?kpis=average_order_value&grain=quarter&from=2019-01-01&to=2019-03-31", as("manager"));
    assertThat(all(partly, "class=\"tile-target\">([^<]+)<")).isEmpty();
    String twice = page("/?kpis=average_order_value&grain=quarter&from=2019-07-01&to=2019-09-30", as("manager"));
    assertThat(all(twice, "class=\"tile-target\">([^<]+)<")).isEmpty();
  }

  @Test
  void filtersLiveInTheAddressAndKpisThatCannotBeFilteredSaySo() throws Exception {
    String team = all(page("/", as("manager")), "<option value=\"([^\"]+)\"[^>]*>[^<]*</option>").get(4);
    String html = page("/?team=" + team + "&grain=quarter", as("manager"));
    assertThat(html).contains("<option value=\"" + team + "\" selected=\"selected\">");
    assertThat(html).contains("<option value=\"quarter\" selected=\"selected\">");
    // A view up to today links without dates, so that a bookmark of it follows today; one with dates chosen keeps them.
    assertThat(html).containsPattern("href=\"/kpi/sales_cycle_days\\?grain=quarter&amp;team=");
    assertThat(html).contains("<input id=\"f-from\" type=\"date\" name=\"from\" value=\"");
    assertThat(html).containsPattern("name=\"to\" value=\"[0-9-]+\" data-default=\"true\"");
    // A start chosen with the end left at today: the links keep the start and still follow today.
    String since = page("/?team=" + team + "&grain=quarter&from=2025-04-01", as("manager"));
    assertThat(since).containsPattern("href=\"/kpi/sales_cycle_days\\?from=2025-04-01&amp;grain=quarter&amp;team=");
    String chosen = page("/?team=" + team + "&grain=quarter&from=2025-01-01&to=2025-12-31", as("manager"));
    assertThat(chosen).containsPattern("href=\"/kpi/sales_cycle_days\\?from=2025-01-01&amp;to=2025-12-31&amp;grain=quarter&amp;team=")
        .doesNotContain("data-default");
    assertThat(html).contains("Not available with a filter on Team");
    assertThat(html).containsPattern("class=\"tile-period\">Q\\d \\d{4}<");
  }

  @Test
  void aFilterValueTheDataDoesNotHaveIsShownAsChosenAndSaid() throws Exception {
    assertThat(page("/?team=Nowhere", as("manager"))).contains("<option value=\"Nowhere\" selected=\"selected\">Nowhere (not in the data)</option>");
    assertThat(body(get("/kpi/win_rate").param("team", "Nowhere").param("lang", "sv"), as("manager"), 200))
        .contains("<option value=\"Nowhere\" selected=\"selected\">Nowhere (finns inte i data)</option>");
    assertThat(page("/", as("manager"))).doesNotContain("not in the data");
  }

  @Test
  void theOverviewIsInSwedishWithSwedishNumbers() throws Exception {
    String html = body(get("/").param("lang", "sv"), as("viewer"), 200);
    assertThat(html).contains("<html lang=\"sv\">", "<title>Översikt · Kompass</title>", "jämfört med perioden före", "Logga ut");
    assertThat(all(html, "class=\"tile-value\">([^<]+)<").get(0)).matches("\\d+,\\d" + NBSP + "%");
    assertThat(all(html, "class=\"tile-value\">([^<]+)<").get(1)).matches("[\\d" + NBSP + "]+" + NBSP + "€");
  }

  @Test
  void theOverviewsTilesAreRenderedOncePerLanguageFiltersAndNumbers() throws Exception {
    String en = tiles(body(get("/").param("lang", "en"), as("manager"), 200));
    String sv = tiles(body(get("/").param("lang", "sv"), as("manager"), 200));
    String quarter = tiles(body(get("/").param("lang", "en").param("grain", "quarter"), as("manager"), 200));
    assertThat(sv).isNotEqualTo(en).contains("jämfört med perioden före");
    assertThat(quarter).isNotEqualTo(en).containsPattern("class=\"tile-period\">Q\\d \\d{4}<");
    // The same numbers, language and filters give the same tiles, whoever asks and in whatever order.
    assertThat(tiles(body(get("/").param("lang", "en"), as("admin"), 200))).isEqualTo(en);
    assertThat(tiles(body(get("/").param("lang", "en"), as("manager"), 200))).isEqualTo(en).contains("vs the period before");
  }

  @Test
  void savingNoFocusKpiReopensTheFocusFormSayingWhyAndKeepsTheSavedSet() throws Exception {
    SignedIn manager = as("manager");
    List<String> before = Focus.ids(numbers, null);
    var sent = mvc.perform(post("/focus").with(csrf()).with(user(manager))).andReturn();
    assertThat(sent.getResponse().getStatus()).isEqualTo(302);
    assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo("/#focus");
    assertThat(sent.getFlashMap().get("focusEmpty")).isEqualTo(true);
    assertThat(Focus.ids(numbers, null)).isEqualTo(before);
    String html = body(get("/").flashAttr("focusEmpty", true).header("Accept-Language", "sv"), manager, 200);
    assertThat(html).contains("<details class=\"focus card\" id=\"focus\" open=\"open\">")
        .containsPattern("id=\"focus-error\" role=\"alert\">Välj minst en fokus-KPI.<");
    assertThat(page("/", manager)).doesNotContain("focus-error").contains("<details class=\"focus card\" id=\"focus\">");
  }

  @Test
  void theFocusFormChecksTheFocusKpisAndCarriesATokenWhileTheSharedFilterBarHasNone() throws Exception {
    String html = page("/", as("manager"));
    int start = html.indexOf("action=\"/focus\"");
    String form = html.substring(start, html.indexOf("</form>", start));
    assertThat(form).contains("name=\"_csrf\"");
    assertThat(all(form, "value=\"([a-z_]+)\" checked=\"checked\"")).containsExactlyInAnyOrderElementsOf(coreIds());
    int bar = html.indexOf("<form class=\"filters\"");
    assertThat(html.substring(bar, html.indexOf("</form>", bar))).contains("name=\"grain\"").doesNotContain("_csrf");
    assertThat(page("/", as("rep"))).contains("<form class=\"filters\"").doesNotContain("action=\"/focus\"");
  }

  private static String tiles(String html) {
    int start = html.indexOf("<ul class=\"tiles\"");
    assertThat(start).as("the page has tiles").isNotNegative();
    return html.substring(start, html.indexOf("</ul>", start));
  }

  // ---- KPI detail ----

  @Test
  void theKpiPageShowsTrendBreakdownFunnelAndDefinitionAndSwitchesVariantInPlace() throws Exception {
    String html = page("/kpi/win_rate?by=team&sort=name&dir=asc", as("manager"));
    assertThat(html).contains("id=\"trend-data\"", "id=\"trend-table\"", "id=\"breakdown-table\"", "id=\"funnel-table\"", "id=\"definition\"");
    List<String> teams = all(html, "<tr role=\"row\" data-name=\"([^\"]+)\">");
    assertThat(teams).hasSizeGreaterThan(1).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(html).contains("aria-sort=\"ascending\"");
    // Names sort A to Z on the first click, values highest first.
    String byValue = page("/kpi/win_rate?by=team", as("manager"));
    assertThat(byValue).containsPattern("sort=name&amp;dir=asc\"").containsPattern("sort=n&amp;dir=desc\"");
    assertThat(all(html, "<dd id=\"formula\">([^<]+)<")).containsExactly("won deals ÷ (won + lost deals), deals closed in the period");
    // Every closed deal counts: no "rest" that lacks a field is mentioned.
    assertThat(html).containsPattern("<dd id=\"coverage\">Based on all \\d+ cases: none lacks a field");
    assertThat(all(html, "id=\"funnel-table\".*?<tbody>(.*?)</tbody>").get(0)).contains("Created", "Proposal", "Closed Won");

    String mean = page("/kpi/sales_cycle_days?variant=mean", as("manager"));
    assertThat(all(mean, "<dd id=\"variant-label\">([^<]+)<")).containsExactly("mean");
    assertThat(all(mean, "<dd id=\"formula\">([^<]+)<")).containsExactly("mean of days from first contact to close, won deals");
    assertThat(mean).contains("<option value=\"mean\" selected=\"selected\">");
  }

  @Test
  void aRepSeesOnlyTheirOwnRowInABreakdownByRepAndNoOtherRepsNameAnywhere() throws Exception {
    SignedIn rep = as("rep");
    List<String> others = repNames().stream().filter(n -> !n.equals(rep.repName())).toList();
    String manager = page("/kpi/win_rate?by=rep", as("manager"));
    assertThat(all(manager, "<tr role=\"row\" data-name=\"([^\"]+)\">").size()).isGreaterThan(5);
    assertThat(manager).doesNotContain("id=\"own-row-only\"");
    // The rep's table says why it holds one row.
    assertThat(page("/kpi/win_rate?by=rep", rep)).contains("id=\"own-row-only\">You see your own row only");

    List<String> seen = new ArrayList<>();
    seen.add(page("/kpi/win_rate?by=rep", rep));
    seen.add(page("/kpi/sales_cycle_days?by=rep&variant=mean", rep));
    seen.add(page("/kpi/win_rate?by=rep&from=2024-01-01", rep));
    seen.add(page("/me", rep));
    seen.add(page("/", rep));
    seen.add(page("/compare", rep));
    seen.add(page("/data", rep));
    seen.add(body(get("/api/v1/kpis?kpi=win_rate,average_order_value&by=rep&grain=total"), rep, 200));
    seen.add(body(get("/api/v1/kpis").param("kpi", "win_rate").param("by", "rep")
        .param("where", "rep in (" + String.join(", ", others.stream().map(DashboardWebTest::quoted).toList()) + ")"), rep, 200));
    seen.add(body(get("/api/v1/kpis?kpi=win_rate&by=team,rep"), rep, 200));
    seen.add(body(get("/api/v1/me"), rep, 200));
    seen.add(body(get("/api/v1/comparisons").param("before", "2025-01-01..2025-06-30").param("after", "2025-07-01..2025-12-31")
        .param("where", "rep = " + quoted(others.get(0))), rep, 200));
    assertThat(all(seen.get(0), "<tr role=\"row\" data-name=\"([^\"]+)\">")).containsExactly(rep.repName());
    for (String page : seen) {
      // The query echo repeats the filter the rep typed; the numbers must not name anyone else.
      String s = page.replaceAll("\"filter\":\"[^\"]*\"", "");
      for (String other : others) {
        assertThat(s).as("no other rep's name").doesNotContain(other, other.replace("'", "&#39;"), other.replace("'", "''"));
      }
    }
    JsonNode filtered = JSON.readTree(seen.get(8));
    assertThat(filtered.get("query").get("filter").asString()).endsWith("and (rep = '" + rep.repName().replace("'", "''") + "')");
    for (JsonNode cell : filtered.get("kpis").get(0).get("cells")) {
      assertThat(cell.get("n").asLong()).isZero();
    }
  }

  @Test
  void myNumbersShowsTheRepNextToTheirTeamsQuartilesAndManagersCanPickAnyRep() throws Exception {
    SignedIn rep = as("rep");
    String html = page("/me", rep);
    assertThat(html).contains("Numbers of " + rep.repName(), "only when at least " + Numbers.MIN_SPREAD + " reps have a value");
    assertThat(all(html, "<li class=\"tile wide[^\"]*\"\\s+data-kpi=\"([a-z_]+)\"")).contains("lead_conversion_rate", "sales_cycle_days")
        .doesNotContain("cac", "customer_retention_rate");
    assertThat(html).contains("Not split by rep, so not shown here: ");
    String manager = page("/me?rep=" + rep.repId(), as("manager"));
    assertThat(manager).contains("Numbers of " + rep.repName(), "<select id=\"rep\" name=\"rep\"");
    JsonNode api = json("/api/v1/me", rep);
    assertThat(api.get("rep").get("name").asString()).isEqualTo(rep.repName());
    // The page's filters apply to the rep's own numbers: the same as the manager's query for that rep and channel.
    String channel;
    try (var c = workspace.connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT channel FROM deals d JOIN reps r ON r.id = d.owner_id WHERE r.name = '" + rep.repName()
            + "' AND d.status IN ('won', 'lost') AND channel IS NOT NULL GROUP BY channel ORDER BY count(*) DESC LIMIT 1")) {
      rs.next();
      channel = rs.getString(1);
    }
    JsonNode mine = JSON.readTree(body(get("/api/v1/me").param("kpis", "win_rate").param("from", "2025-01-01").param("to", "2025-12-31")
        .param("grain", "year").param("channel", channel), rep, 200));
    JsonNode managers = JSON.readTree(body(get("/api/v1/kpis").param("kpi", "win_rate").param("from", "2025-01-01").param("to", "2025-12-31")
        .param("grain", "year").param("where", "rep = '" + rep.repName() + "' and channel = '" + channel + "'"), as("manager"), 200));
    JsonNode all = JSON.readTree(body(get("/api/v1/me").param("kpis", "win_rate").param("from", "2025-01-01").param("to", "2025-12-31")
        .param("grain", "year"), rep, 200));
    assertThat(mine.get("kpis").get(0).get("current").get("n").asLong())
        .isEqualTo(managers.get("kpis").get(0).get("cells").get(0).get("n").asLong())
        .isLessThan(all.get("kpis").get(0).get("current").get("n").asLong());
    // A team filter does not change whom a rep is compared with, and a KPI the filter cannot apply to is named as such.
    JsonNode otherTeam = JSON.readTree(body(get("/api/v1/me").param("kpis", "win_rate").param("from", "2025-01-01").param("to", "2025-12-31")
        .param("grain", "year").param("team", "Nowhere"), rep, 200));
    assertThat(otherTeam.get("kpis").get(0).get("current").get("n").asLong()).isEqualTo(all.get("kpis").get(0).get("current").get("n").asLong());
    JsonNode filtered = JSON.readTree(body(get("/api/v1/me").param("channel", channel), rep, 200));
    List<String> shownIds = new ArrayList<>();
    filtered.get("kpis").forEach(k -> shownIds.add(k.get("id").asString()));
    filtered.get("not_filterable").forEach(k -> assertThat(shownIds).doesNotContain(k.asString()));
    assertThat(filtered.get("kpis").get(0).get("target").isNull()).as("a rep's target is not for one channel").isTrue();
    assertThat(api.get("kpis").get(0).get("team").get(0).propertyNames()).containsExactly("period_start", "reps", "q1", "median", "q3", "of");
    // Other reps are shown as quartiles only when at least eight have a value: the quartiles of five are exactly the
    // second, third and fourth value. The test company's teams have four or five reps, so each rep is compared with
    // all reps instead.
    List<String> shown = new ArrayList<>();
    try (var c = workspace.connect(); var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM reps ORDER BY id")) {
      while (rs.next()) {
        String id = rs.getString(1);
        json("/api/v1/me?rep=" + id, as("manager")).get("kpis").forEach(k -> k.get("team").forEach(p -> {
          assertThat(p.get("q1").isNull()).as("%s %s", id, p).isEqualTo(p.get("reps").asInt() < Numbers.MIN_SPREAD);
          if (!p.get("q1").isNull()) {
            assertThat(p.get("of").asString()).as("%s %s", id, p).isEqualTo("all_reps");
            shown.add(id);
          }
        }));
      }
    }
    assertThat(shown).isNotEmpty();
    assertThat(page("/me?rep=" + shown.get(0), as("manager"))).contains("Median of all reps ").doesNotContain("Team median ");
  }

  @Test
  void myNumbersComparesARepOnlyWithRepsEmployedInThePeriod() throws Exception {
    SignedIn rep = as("rep");
    JsonNode revenue = json("/api/v1/me?kpis=revenue", rep).get("kpis").get(0);
    assertThat(revenue.get("id").asString()).isEqualTo("revenue");
    boolean someoneLeftOrJoined = false;
    for (JsonNode p : revenue.get("team")) {
      LocalDate start = LocalDate.parse(p.get("period_start").asString());
      LocalDate end = start.plusMonths(1).minusDays(1);
      long employed;
      long all;
      try (var c = workspace.connect(); var st = c.prepareStatement("SELECT count(*) FILTER (WHERE (started_at IS NULL OR started_at <= ?)"
          + " AND (ended_at IS NULL OR ended_at >= ?)), count(*) FROM reps")) {
        st.setObject(1, end);
        st.setObject(2, start);
        try (var rs = st.executeQuery()) {
          rs.next();
          employed = rs.getLong(1);
          all = rs.getLong(2);
        }
      }
      someoneLeftOrJoined |= employed < all;
      // Revenue is a sum: every rep has a value (0 when they won nothing), so the spread counts the employed reps.
      assertThat(p.get("reps").asLong()).as("%s", p).isLessThanOrEqualTo(employed);
    }
    assertThat(someoneLeftOrJoined).as("the test company has reps who left or joined").isTrue();
  }

  @Test
  void aFilterThatIsNotAConditionIsABadRequestWithItsReason() throws Exception {
    for (String where : List.of("team", "team = 1")) {
      String body = body(get("/api/v1/kpis").param("kpi", "win_rate").param("where", where), as("manager"), 400);
      assertThat(body).startsWith("{\"error\":\"filter: ");
    }
  }

  @Test
  void anUnknownRepOnMyNumbersIsExplainedInThePagesLanguage() throws Exception {
    assertThat(body(get("/me").param("rep", "R999").param("lang", "sv"), as("manager"), 400)).contains("Det finns ingen säljare med id ”R999”.");
    assertThat(body(get("/me").param("rep", "R999"), as("manager"), 400)).contains("There is no rep with id “R999”.");
  }

  @Test
  void theDefinitionSaysInWordsWhatDatesARow() throws Exception {
    assertThat(page("/kpi/win_rate", as("manager"))).contains("the deal&#39;s close date (deals.closed_at)");
    assertThat(body(get("/kpi/pipeline_density").param("lang", "sv"), as("manager"), 200))
        .contains("slutet av varje period, som steghistoriken visar den").doesNotContain("stage history");
  }

  @Test
  void aKpiPageThatDoesNotExistIsNotFound() throws Exception {
    body(get("/kpi/no_such_kpi"), as("manager"), 404);
  }

  @Test
  void aRatioWithDataButNoDenominatorSaysSoInsteadOfNoData() throws Exception {
    // Sales costs carry no channel, and no customer comes from "no channel": that row has costs but nothing to divide by.
    String html = page("/kpi/cac?by=channel", as("manager"));
    assertThat(html).contains("Nothing to divide by: the denominator is 0");
  }

  @Test
  void aPeriodWithoutDataSaysSoInsteadOfLowVolume() throws Exception {
    String html = page("/kpi/win_rate?from=2010-01-01&to=2010-03-31", as("manager"));
    assertThat(html).contains("class=\"badge no-data\">No data for this period<").doesNotContain("Low volume");
    assertThat(all(html, "<span>(No data for this period)</span>")).hasSize(3);
    assertThat(body(get("/kpi/win_rate").param("from", "2010-01-01").param("to", "2010-03-31").param("lang", "sv"), as("manager"), 200))
        .contains("Inga data för perioden");
  }

  @Test
  void beforeAfterColoursOnlyAChangeItsTestFindsOrOneWithoutSamplingErrorOnEnoughValues() throws Exception {
    String html = page("/compare?kpis=win_rate,average_deal_size,sales_cycle_days,revenue,contacts_per_close,lead_conversion_rate"
        + "&beforeFrom=2025-01-01&beforeTo=2025-03-31&afterFrom=2025-04-01&afterTo=2025-06-30", as("manager"));
    String[] rows = html.split("<tr role=\"row\" data-kpi=");
    int judged = 0;
    int noise = 0;
    for (int i = 1; i < rows.length; i++) {
      String row = rows[i].substring(0, rows[i].indexOf("</tr>"));
      boolean clear = row.matches("(?s)\"[a-z_]+\"\\s+class=\"effect-(better|worse) clear\".*");
      boolean betterOrWorse = row.matches("(?s)\"[a-z_]+\"\\s+class=\"effect-(better|worse)[ \"].*");
      boolean few = row.contains("class=\"badge low-volume\"");
      boolean significant = row.contains(">Significant<");
      boolean untested = row.contains(">Not tested<");
      // Coloured exactly when better or worse and either significant, or without a test on enough values.
      assertThat(clear).as(row).isEqualTo(betterOrWorse && (significant || untested && !few));
      judged += betterOrWorse ? 1 : 0;
      noise += row.contains("Could be noise") || row.contains("Few values: not judged") ? 1 : 0;
    }
    assertThat(rows.length - 1).isEqualTo(6);
    assertThat(judged).isPositive();
    assertThat(noise).isPositive();
    // The KPI links open the after period, and running the form again keeps the KPIs chosen.
    assertThat(html).contains("href=\"/kpi/win_rate?from=2025-04-01&amp;to=2025-06-30", "<input type=\"hidden\" name=\"kpis\""
        + " value=\"win_rate,average_deal_size,sales_cycle_days,revenue,contacts_per_close,lead_conversion_rate\">");
  }

  @Test
  void anAccruingKpiWhosePeriodIsStillRunningIsNotJudgedAndSaysWhy() throws Exception {
    // Retention puts this month's buying customers over all of last month's: while the month runs, it is still growing.
    String html = page("/", as("manager"));
    // CAC divides costs booked for the whole month by customers that keep coming in: not judged either, with its own reason.
    assertThat(all(html, "<li class=\"tile effect-running\"\s+data-kpi=\"([a-z_]+)\"")).containsExactly("cac", "customer_retention_rate");
    assertThat(all(html, "class=\"tile-settling\">([^<]+)<")).contains(
        "Still growing: this value adds up the events of the period, which is still running, so it is not judged against the whole period before.",
        "Period still running: costs are booked for whole months while the customers they win keep coming in, so the value is not judged"
            + " until the period ends.");
    assertThat(body(get("/").param("lang", "sv"), as("viewer"), 200)).contains("Växer fortfarande: värdet summerar");
    assertThat(page("/kpi/revenue", as("manager"))).contains("effect-running", "Still growing");
    assertThat(page("/kpi/win_rate", as("manager"))).doesNotContain("effect-running", "Still growing");
    JsonNode tiles = json("/api/v1/overview", as("viewer")).get("tiles");
    java.util.Map<String, String> effects = new java.util.HashMap<>();
    tiles.forEach(t -> effects.put(t.get("id").asString(), t.get("effect").asString()));
    assertThat(effects).containsEntry("customer_retention_rate", "running").containsEntry("cac", "running")
        .containsEntry("lead_conversion_rate", "settling");
    // A range that ended is judged (a change on few customers, as in this small company, could be noise).
    json("/api/v1/overview?to=2025-06-30&from=2025-01-01", as("viewer")).get("tiles").forEach(t -> {
      if (t.get("id").asString().equals("customer_retention_rate") || t.get("id").asString().equals("cac")) {
        assertThat(t.get("effect").asString()).isIn("better", "worse", "same", "noise");
      }
    });
    // Before/after: revenue over an after range that has not ended is not judged; over one that has, it is.
    LocalDate today = LocalDate.now(workspace.settings().timeZone());
    String running = page("/compare?kpis=revenue,win_rate&beforeFrom=" + today.minusDays(60) + "&beforeTo=" + today.minusDays(31)
        + "&afterFrom=" + today.minusDays(30) + "&afterTo=" + today, as("manager"));
    assertThat(all(running, "<tr role=\"row\" data-kpi=\"([a-z_]+)\"\s+class=\"effect-running\"")).containsExactly("revenue");
    assertThat(running).contains("Still running, so not judged better or worse: Revenue.");
    String over = page("/compare?kpis=revenue&beforeFrom=2025-01-01&beforeTo=2025-03-31&afterFrom=2025-04-01&afterTo=2025-06-30", as("manager"));
    assertThat(over).doesNotContain("effect-running", "Still running", "effect-unequal");
    // A quarter against a month: revenue is not judged, win rate (a share) is.
    String unequal = page("/compare?kpis=revenue,win_rate&beforeFrom=2025-01-01&beforeTo=2025-03-31&afterFrom=2025-04-01&afterTo=2025-04-30",
        as("manager"));
    assertThat(all(unequal, "<tr role=\"row\" data-kpi=\"([a-z_]+)\"\s+class=\"effect-unequal\"")).containsExactly("revenue");
    assertThat(unequal).contains("not comparable", "the two periods differ in length: Revenue.");
    assertThat(body(get("/compare").param("kpis", "revenue").param("beforeFrom", "2025-01-01").param("beforeTo", "2025-03-31")
        .param("afterFrom", "2025-04-01").param("afterTo", "2025-04-30").param("lang", "sv"), as("manager"), 200)).contains("inte jämförbar");
  }

  @Test
  void theBeforeAfterPageComparesTheFocusKpisAsTheApiDoes() throws Exception {
    String html = page("/compare?beforeFrom=2025-01-01&beforeTo=2025-06-30&afterFrom=2025-07-01&afterTo=2025-12-31", as("viewer"));
    assertThat(all(html, "<tr role=\"row\" data-kpi=\"([a-z_]+)\"")).containsExactly("lead_conversion_rate", "average_order_value", "sales_cycle_days", "cac",
        "customer_retention_rate", "contacts_per_close", "pipeline_density");
    assertThat(html).contains("Customer retention rate", "two-proportion z-test", "Mann-Whitney U test").doesNotContain("Not compared here");
    // Retention's after range is compared with its customers of the range of the same length before it, as in the API.
    JsonNode api = json("/api/v1/comparisons?before=2025-01-01..2025-06-30&after=2025-07-01..2025-12-31", as("viewer"));
    assertThat(api.toString()).contains("customer_retention_rate");
    // Lead conversion follows cohorts of leads: a range that ended more than 180 days ago has settled, the last three
    // months (the default) have not.
    assertThat(html).doesNotContain("effect-settling", "too early to judge", "Still settling");
    String recent = page("/compare", as("viewer"));
    assertThat(all(recent, "<tr role=\"row\" data-kpi=\"([a-z_]+)\"\s+class=\"effect-settling\"")).containsExactly("lead_conversion_rate");
    assertThat(all(recent, "<td role=\"cell\" class=\"effect\"[^>]*>([^<]+)<")).hasSize(7).first().isEqualTo("too early to judge");
    assertThat(recent).contains("Still settling, so not judged better or worse: Lead conversion rate.");
  }

  @Test
  void theDataPageShowsExampleRowsAndTheUploadFormOnlyToAdminsAndManagers() throws Exception {
    assertThat(page("/data", as("admin"))).contains("id=\"upload\"", "id=\"tables\"", "id=\"sources\"");
    assertThat(page("/data", as("viewer"))).doesNotContain("id=\"upload\"").contains("id=\"tables\"");
  }

  // ---- API ----

  @Test
  void theKpiApiAnswersTheCommandLinesJsonForTheSameQuery() throws Exception {
    JsonNode api = json("/api/v1/kpis?kpi=win_rate&kpi=sales_cycle_days&from=2025-01-01&to=2025-06-30&grain=quarter&by=team"
        + "&variant=sales_cycle_days:p75", as("manager"));
    KpiQuery q = new KpiQuery(List.of(KpiRequest.of("win_rate"), new KpiRequest("sales_cycle_days", List.of("p75"), java.util.Map.of())),
        LocalDate.of(2025, 1, 1), LocalDate.of(2025, 6, 30), new Calendar(Grain.QUARTER, 1), List.of("team"), null, 30, null);
    JsonNode cli = JSON.readTree(JSON.writeValueAsString(KpiJson.result(KpiEngine.on(workspace, catalog).run(q))));
    ((tools.jackson.databind.node.ObjectNode) api).remove("took_ms");
    ((tools.jackson.databind.node.ObjectNode) cli).remove("took_ms");
    assertThat(api).isEqualTo(cli);
    assertThat(api.get("schema").asString()).isEqualTo("kompass.kpi-result/1");
  }

  @Test
  void aKpiThatCountsRepsIsWithheldFromRepsAndViewersExceptARepsOwn() throws Exception {
    // Onboarding time counts reps themselves: a team's value in a month when one rep started is that rep's own number,
    // and two overlapping ranges that each rest on many reps differ by one. So reps and viewers get no values of it.
    String url = "/api/v1/kpis?kpi=rep_ramp_days&by=team&grain=quarter&from=2015-01-01";
    JsonNode manager = json(url, as("manager")).get("kpis").get(0).get("cells");
    List<JsonNode> valued = new ArrayList<>();
    manager.forEach(c -> {
      if (!c.get("value").isNull()) {
        valued.add(c);
      }
    });
    assertThat(valued).as("values in the test company").isNotEmpty();
    for (String role : List.of("rep", "viewer")) {
      JsonNode cells = json(url, as(role)).get("kpis").get(0).get("cells");
      assertThat(cells.size()).isEqualTo(manager.size());
      for (int i = 0; i < cells.size(); i++) {
        JsonNode c = cells.get(i);
        assertThat(c.get("n").asLong()).isEqualTo(manager.get(i).get("n").asLong());
        assertThat(c.get("value").isNull() && c.get("ci_low").isNull() && c.get("numerator").isNull() && c.get("terms").isEmpty())
            .as(role + " " + c).isTrue();
      }
      JsonNode total = json("/api/v1/kpis?kpi=rep_ramp_days&variant=mean&grain=year&from=2015-01-01", as(role)).get("kpis").get(0);
      total.get("cells").forEach(c -> assertThat(c.get("value").isNull()).as(role + " by year " + c).isTrue());
    }
    // A rep's own value, by rep, stays theirs to see: a rep with a value, signed in as such.
    JsonNode byRep = json("/api/v1/kpis?kpi=rep_ramp_days&by=rep&grain=year&from=2015-01-01", as("manager")).get("kpis").get(0).get("cells");
    String name = null;
    for (JsonNode c : byRep) {
      if (!c.get("value").isNull()) {
        name = c.get("group").get("rep").asString();
        break;
      }
    }
    assertThat(name).as("a rep with an onboarding time").isNotNull();
    SignedIn template = as("rep");
    SignedIn rep = new SignedIn(template.id(), template.email(), template.name(), template.role(), template.repId(), name, template.repTeam(),
        template.passwordHash());
    JsonNode own = json("/api/v1/kpis?kpi=rep_ramp_days&by=rep&grain=year&from=2015-01-01", rep).get("kpis").get(0).get("cells");
    JsonNode asManager = JSON.readTree(body(get("/api/v1/kpis?kpi=rep_ramp_days&by=rep&grain=year&from=2015-01-01")
        .param("where", "rep = '" + name.replace("'", "''") + "'"), as("manager"), 200)).get("kpis").get(0).get("cells");
    assertThat(own.toString()).isEqualTo(asManager.toString());
    // The breakdown shows the latest period with data, not an empty current one.
    String byTeam = page("/kpi/rep_ramp_days?grain=quarter&from=2015-01-01&by=team", as("manager"));
    assertThat(all(byTeam, "<tr role=\"row\" data-name=\"[^\"]*\">\\s*<th role=\"rowheader\" scope=\"row\">[^<]*</th>\\s*<td role=\"cell\" class=\"num\"[^>]*>([^<]*)</td>"))
        .isNotEmpty().anyMatch(v -> v.matches(".*\\d.*"));
    // The page says why, to those it withholds from; win rate (deals, not reps) is not withheld.
    assertThat(page("/kpi/rep_ramp_days?grain=quarter&from=2015-01-01", as("rep"))).contains("id=\"withheld\"");
    assertThat(page("/kpi/rep_ramp_days?grain=quarter&from=2015-01-01", as("manager"))).doesNotContain("id=\"withheld\"");
    assertThat(page("/kpi/win_rate", as("rep"))).doesNotContain("id=\"withheld\"");
    // So does its tile on the overview, instead of a dash and a low-volume badge.
    String repOverview = page("/?kpis=rep_ramp_days,win_rate&grain=year&from=2015-01-01", as("rep"));
    assertThat(all(repOverview, "class=\"note tile-withheld\">([^<]+)<")).singleElement().asString().startsWith("This KPI counts reps themselves");
    assertThat(page("/?kpis=rep_ramp_days,win_rate&grain=year&from=2015-01-01", as("manager"))).doesNotContain("tile-withheld");
    JsonNode tiles = json("/api/v1/overview?kpis=rep_ramp_days,win_rate&grain=year&from=2015-01-01", as("viewer")).get("tiles");
    assertThat(tiles.get(0).get("withheld").asBoolean()).isTrue();
    assertThat(tiles.get(1).get("withheld").asBoolean()).isFalse();
  }

  @Test
  void aShareAboveAHundredPercentSaysWhyItCanBe() throws Exception {
    JsonNode cells = json("/api/v1/kpis?kpi=customer_retention_rate&grain=month&from=2015-01-01", as("manager")).get("kpis").get(0).get("cells");
    JsonNode above = null;
    JsonNode below = null;
    for (JsonNode c : cells) {
      if (!c.get("value").isNull() && c.get("value").asDouble() > 1 && above == null) {
        above = c;
      } else if (!c.get("value").isNull() && c.get("value").asDouble() <= 1 && below == null) {
        below = c;
      }
    }
    assertThat(above).as("a month with retention above 100 % in the test company").isNotNull();
    assertThat(page("/kpi/customer_retention_rate?grain=month&from=" + above.get("period_start").asString() + "&to="
        + above.get("period_end").asString(), as("manager"))).contains("Above 100 %: possible by how this KPI counts");
    assertThat(page("/kpi/customer_retention_rate?grain=month&from=" + below.get("period_start").asString() + "&to="
        + below.get("period_end").asString(), as("manager"))).doesNotContain("Above 100 %");
  }

  @Test
  void aChangeThatIsNotJudgedGetsNoVerdictOnTheComparePage() throws Exception {
    String html = body(get("/compare").param("lang", "sv"), as("manager"), 200);
    List<String> unjudged = all(html, "<tr[^>]*effect-(?:settling|running|unequal)[^>]*>(.*?)</tr>");
    assertThat(unjudged).as("rows still settling in the default comparison").isNotEmpty()
        .allSatisfy(row -> assertThat(row).contains("Bedöms inte").doesNotContain("Signifikant", "Kan vara slump"));
    assertThat(html).contains("i mindre än 5" + NBSP + "% av fallen").doesNotContain("window_days");
  }

  @Test
  void aPageSaysWhatIsWrongWithItsFiltersInThePagesLanguage() throws Exception {
    String sv = body(get("/kpi/win_rate?from=2025-06-01&to=2025-01-01&lang=sv"), as("manager"), 400);
    assertThat(sv).contains("Perioden slutar (2025-01-01) innan den börjar (2025-06-01)").doesNotContain("before it starts");
    String en = body(get("/kpi/win_rate?from=2025-06-01&to=2025-01-01&lang=en"), as("manager"), 400);
    assertThat(en).contains("The range ends (2025-01-01) before it starts (2025-06-01)");
    assertThat(body(get("/?grain=fortnight&lang=sv"), as("manager"), 400)).contains("Det finns ingen indelning ”fortnight”");
    // KPIs and dimensions by their names.
    assertThat(body(get("/kpi/customer_retention_rate?by=team&lang=sv"), as("manager"), 400))
        .contains(catalog.kpi("customer_retention_rate").name().sv() + " kan inte delas upp eller filtreras efter team");
    // An old link to a KPI that is gone, and a variant that is not there: in Swedish, the variants by their Swedish labels.
    assertThat(body(get("/?kpis=nope&lang=sv"), as("manager"), 400)).contains("Det finns ingen KPI ”nope”").doesNotContain("kompass kpi list");
    assertThat(body(get("/kpi/win_rate?variant=nope&lang=sv"), as("manager"), 400))
        .contains("har ingen variant ”nope”; dess varianter är: Standard, efter värde, av alla skapade affärer");
    // The API keeps the engine's words.
    JsonNode api = JSON.readTree(body(get("/api/v1/kpis?kpi=win_rate&from=2025-06-01&to=2025-01-01"), as("manager"), 400));
    assertThat(api.get("error").asString()).isEqualTo("the range ends (2025-01-01) before it starts (2025-06-01)");
  }

  @Test
  void theApiSaysWhatIsWrongWithAQuery() throws Exception {
    JsonNode e = JSON.readTree(body(get("/api/v1/kpis?kpi=no_such_kpi"), as("admin"), 400));
    assertThat(e.get("error").asString()).contains("no KPI 'no_such_kpi'");
    JsonNode none = JSON.readTree(body(get("/api/v1/kpis"), as("admin"), 400));
    assertThat(none.get("error").asString()).isEqualTo("name at least one KPI with kpi=<id>; GET /api/v1/catalog lists them");
  }

  @Test
  void theApiQualityAnswerHasTheFindingsAsTheCliDoes() throws Exception {
    JsonNode q = JSON.readTree(body(get("/api/v1/quality"), as("manager"), 200));
    assertThat(q.propertyNames()).containsExactly("rows", "groups", "findings");
    assertThat(q.get("findings").isArray()).isTrue();
  }

  @Test
  void theCatalogOverviewAndComparisonsAreJson() throws Exception {
    assertThat(json("/api/v1/catalog", as("viewer")).get("kpis").size()).isEqualTo(catalog.kpis().size());
    // A number parameter's default is a JSON number, a list's a list.
    JsonNode csat = json("/api/v1/catalog/csat", as("viewer"));
    assertThat(csat.at("/params/top_boxes/default").isIntegralNumber()).as(csat.at("/params").toString()).isTrue();
    assertThat(csat.at("/params/top_boxes/default").asLong()).isEqualTo(2);
    assertThat(json("/api/v1/catalog/cac", as("viewer")).at("/params/categories/default").isArray()).isTrue();
    JsonNode overview = json("/api/v1/overview?grain=quarter", as("viewer"));
    assertThat(overview.get("schema").asString()).isEqualTo("kompass.overview/1");
    assertThat(overview.get("tiles").size()).isEqualTo(7);
    assertThat(overview.get("tiles").get(0).get("cells").size()).isEqualTo(8);
    JsonNode cmp = json("/api/v1/comparisons?before=2025-01-01..2025-06-30&after=2025-07-01..2025-12-31&kpi=win_rate", as("viewer"));
    assertThat(cmp.get("schema").asString()).isEqualTo("kompass.kpi-comparison/1");
    assertThat(cmp.get("kpis").get(0).get("test").asString()).isEqualTo("two-proportion z-test");
    String docs = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(docs).contains("\"/api/v1/kpis\"", "\"/api/v1/imports\"", "\"/api/v1/overview\"", "bearer");
    // The schemas name fields as the answers do.
    assertThat(docs).contains("\"last_used_at\"").doesNotContain("lastUsedAt");
    // Making and revoking tokens is described with the statuses they answer.
    JsonNode paths = JSON.readTree(docs).get("paths");
    assertThat(paths.get("/api/v1/tokens").get("post").get("responses").has("201")).isTrue();
    assertThat(paths.get("/api/v1/tokens/{id}").get("delete").get("responses").has("204")).isTrue();
    assertThat(paths.get("/api/v1/tokens/{id}").get("delete").get("responses").has("404")).isTrue();
    // The overview and My numbers read the dashboard filters from the request; the description lists them.
    for (String path : List.of("/api/v1/overview", "/api/v1/me")) {
      List<String> names = new ArrayList<>();
      paths.get(path).get("get").get("parameters").forEach(p -> names.add(p.get("name").asString()));
      assertThat(names).as(path).contains("kpis", "from", "to", "grain", "team", "region", "product", "channel");
    }
    assertThat(paths.get("/api/v1/overview").get("get").get("parameters").findValues("format").stream().map(JsonNode::asString))
        .contains("date");
  }

  @Test
  void requestsTheApiCannotStartOnAnswerWithTheDocumentedErrorNamingWhatToSend() throws Exception {
    SignedIn manager = as("manager");
    JsonNode noFiles = JSON.readTree(body(multipart("/api/v1/imports").with(csrf()), manager, 400));
    assertThat(noFiles.get("error").asString()).isEqualTo("the request has no part 'files': send the files to import as multipart/form-data parts"
        + " named files");
    JsonNode notANumber = JSON.readTree(body(delete("/api/v1/tokens/abc").with(csrf()), manager, 400));
    assertThat(notANumber.get("error").asString()).isEqualTo("id: 'abc' is not a number");
    JsonNode none = JSON.readTree(body(delete("/api/v1/tokens/999999").with(csrf()), manager, 404));
    assertThat(none.get("error").asString()).isEqualTo("you have no token 999999 (GET /api/v1/tokens lists yours)");
    JsonNode notMultipart = JSON.readTree(body(post("/api/v1/imports").contentType("text/csv").content("id,name\n").with(csrf()), manager, 415));
    assertThat(notMultipart.get("error").asString()).isEqualTo("the request's content type text/csv is not one this endpoint reads: send the"
        + " files to import as multipart/form-data parts named files");
    JsonNode noBefore = JSON.readTree(body(get("/api/v1/comparisons").param("after", "2025-04-01..2025-06-30"), manager, 400));
    assertThat(noBefore.get("error").asString()).isEqualTo("the parameter 'before' is missing");
    // Periods that overlap are refused: their samples are not separate.
    JsonNode overlap = JSON.readTree(body(get("/api/v1/comparisons").param("before", "2025-01-01..2025-06-30").param("after", "2025-03-01..2025-08-31"),
        manager, 400));
    assertThat(overlap.get("error").asString()).startsWith("the ranges 2025-01-01..2025-06-30 and 2025-03-01..2025-08-31 overlap");
    String page = body(get("/compare?beforeFrom=2025-01-01&beforeTo=2025-06-30&afterFrom=2025-06-30&afterTo=2025-08-31").header("Accept-Language", "sv"),
        manager, 400);
    // The page shows its form again with the periods as given, and why.
    assertThat(page).contains("id=\"compare-problem\" role=\"alert\">Perioderna överlappar.", "name=\"afterFrom\" value=\"2025-06-30\"");
  }

  @Test
  void everyFieldOfTheApisAnswersIsDescribedInTheOpenApiSchemaOfItsEndpoint() throws Exception {
    JsonNode docs = json("/v3/api-docs", as("viewer"));
    JsonNode schemas = docs.get("components").get("schemas");
    Map<String, List<Object>> answers = new java.util.LinkedHashMap<>();
    answers.put("/api/v1/kpis", List.of("?kpi=win_rate,revenue&by=team&grain=quarter", as("manager"), "KpiResult"));
    answers.put("/api/v1/comparisons", List.of("?before=2025-01-01..2025-06-30&after=2025-07-01..2025-12-31", as("manager"), "KpiComparison"));
    answers.put("/api/v1/overview", List.of("", as("manager"), "Overview"));
    answers.put("/api/v1/me", List.of("", as("rep"), "MyNumbers"));
    for (Map.Entry<String, List<Object>> a : answers.entrySet()) {
      String name = (String) a.getValue().get(2);
      assertThat(docs.get("paths").get(a.getKey()).get("get").get("responses").get("200").get("content").get("application/json")
          .get("schema").get("$ref").asString()).as(a.getKey()).isEqualTo("#/components/schemas/" + name);
      JsonNode answer = json(a.getKey() + a.getValue().get(0), (SignedIn) a.getValue().get(1));
      List<String> undescribed = new ArrayList<>();
      described(answer, schemas.get(name), schemas, name, undescribed);
      assertThat(undescribed).as(a.getKey() + ": fields the schema does not describe").isEmpty();
    }
  }

  /** Collects the fields of {@code node} (at {@code path}) that {@code schema} does not name. */
  static void described(JsonNode node, JsonNode schema, JsonNode schemas, String path, List<String> undescribed) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asString();
      described(node, schemas.get(ref.substring(ref.lastIndexOf('/') + 1)), schemas, path, undescribed);
    } else if (node.isObject() && schema.has("properties")) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode property = schema.get("properties").get(field.getKey());
        if (property == null) {
          undescribed.add(path + "." + field.getKey());
        } else {
          described(field.getValue(), property, schemas, path + "." + field.getKey(), undescribed);
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      for (JsonNode item : node) {
        described(item, schema.get("items"), schemas, path + "[]", undescribed);
      }
    }
  }

  @Test
  void apiTokensWorkWithoutSessionOrCsrfUntilRevoked() throws Exception {
    SignedIn viewer = as("viewer");
    JsonNode made = JSON.readTree(body(post("/api/v1/tokens").param("name", "report script").with(csrf()), viewer, 201));
    String token = made.get("token").asString();
    assertThat(token).startsWith("kp_");
    var ok = mvc.perform(get("/api/v1/overview").header("Authorization", "Bearer " + token)).andReturn().getResponse();
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(ok.getCookie("JSESSIONID")).isNull();
    assertThat(mvc.perform(get("/api/v1/kpis?kpi=win_rate&by=rep").header("Authorization", "Bearer " + token)).andReturn().getResponse()
        .getStatus()).isEqualTo(403);
    JsonNode tooLong = JSON.readTree(body(post("/api/v1/tokens").param("name", "x".repeat(61)).with(csrf()), viewer, 400));
    assertThat(tooLong.get("error").asString()).startsWith("name the token with 1 to 60 characters");
    // A token cannot make tokens: revoking a leaked one must lock its holder out.
    var minted = mvc.perform(post("/api/v1/tokens").param("name", "more").header("Authorization", "Bearer " + token)).andReturn().getResponse();
    assertThat(minted.getStatus()).isEqualTo(403);
    assertThat(minted.getContentAsString()).contains("signed-in session").doesNotContain("kp_");
    // A token reads pages too (scripts and the dashboard benchmark fetch the overview), but posts no form.
    assertThat(mvc.perform(get("/").header("Authorization", "Bearer " + token)).andReturn().getResponse().getStatus()).isEqualTo(200);
    // So not through the Account page's form either: a posted form is signed in by a session only.
    var viaForm = mvc.perform(post("/account/tokens").param("name", "more").header("Authorization", "Bearer " + token)).andReturn().getResponse();
    assertThat(viaForm.getStatus()).isIn(302, 401, 403);
    assertThat(viaForm.getRedirectedUrl()).satisfiesAnyOf(u -> assertThat(u).isNull(), u -> assertThat(u).doesNotEndWith("/account"));
    assertThat(tokens.of(viewer.id())).hasSize(1);
    JsonNode listed = json("/api/v1/tokens", viewer);
    long id = listed.get(listed.size() - 1).get("id").asLong();
    assertThat(listed.get(listed.size() - 1).get("last_used_at").isNull()).isFalse();
    assertThat(made.get("id").asLong()).isEqualTo(id);
    // A token revokes only itself: a leaked one cannot lock its owner's other scripts out.
    long other = tokens.make(viewer.id(), "other script").id();
    var byToken = mvc.perform(delete("/api/v1/tokens/" + other).header("Authorization", "Bearer " + token)).andReturn().getResponse();
    assertThat(byToken.getStatus()).isEqualTo(403);
    assertThat(byToken.getContentAsString()).contains("a token may revoke only itself");
    body(delete("/api/v1/tokens/" + other).with(csrf()), viewer, 204);
    var itself = tokens.make(viewer.id(), "short-lived");
    assertThat(mvc.perform(delete("/api/v1/tokens/" + itself.id()).header("Authorization", "Bearer " + itself.token())).andReturn().getResponse()
        .getStatus()).isEqualTo(204);
    body(delete("/api/v1/tokens/" + id).with(csrf()), viewer, 204);
    assertThat(mvc.perform(get("/api/v1/overview").header("Authorization", "Bearer " + token)).andReturn().getResponse().getStatus())
        .isEqualTo(401);
    // The next token gets an id of its own: a script that kept the revoked one's cannot revoke it.
    JsonNode next = JSON.readTree(body(post("/api/v1/tokens").param("name", "next script").with(csrf()), viewer, 201));
    assertThat(next.get("id").asLong()).isGreaterThan(id);
    assertThat(mvc.perform(delete("/api/v1/tokens/" + id).with(csrf()).with(user(viewer))).andReturn().getResponse().getStatus()).isEqualTo(404);
    body(delete("/api/v1/tokens/" + next.get("id").asLong()).with(csrf()), viewer, 204);
    var madeUp = mvc.perform(get("/api/v1/overview").header("Authorization", "Bearer kp_made-up")).andReturn().getResponse();
    assertThat(madeUp.getStatus()).isEqualTo(401);
    assertThat(JSON.readTree(madeUp.getContentAsString()).get("error").asString()).isEqualTo("unknown or revoked API token");
    // A session whose user is gone (removed while the server ran) ends at its next request.
    SignedIn gone = new SignedIn(987_654, "gone@example.com", "Gone", viewer.role(), null, null, null, null);
    assertThat(mvc.perform(get("/api/v1/overview").with(user(gone))).andReturn().getResponse().getStatus()).isEqualTo(401);
    assertThat(mvc.perform(get("/").with(user(gone))).andReturn().getResponse().getRedirectedUrl()).endsWith("/login");
    // Refusals come as the API documents its errors.
    var none = mvc.perform(get("/api/v1/overview")).andReturn().getResponse();
    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(JSON.readTree(none.getContentAsString()).get("error").asString()).startsWith("sign in, or send an API token");
    // Pages refuse with the error page, not the API's JSON.
    var page = mvc.perform(get("/me").with(user(viewer))).andReturn().getResponse();
    assertThat(page.getStatus()).isEqualTo(403);
    assertThat(page.getContentAsString()).doesNotContain("\"error\"");
    var refused = mvc.perform(get("/api/v1/kpis?kpi=win_rate&by=rep").with(user(viewer))).andReturn().getResponse();
    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(JSON.readTree(refused.getContentAsString()).get("error").asString()).isEqualTo("numbers of individual reps are not shown to role viewer");
  }

  @Test
  void theDataPageListsRowsThatLoadedButDeserveALookInThePagesLanguage() throws Exception {
    SignedIn manager = as("manager");
    String targets = "id,kpi,period_start,period_end,value\nF1,win-rate,2025-01-01,2025-03-31,0.3\nF2,win_rate,2025-01-01,2025-03-31,30\n";
    body(multipart("/api/v1/imports").file(new MockMultipartFile("files", "targets.csv", "text/csv", targets.getBytes(StandardCharsets.UTF_8)))
        .with(csrf()), manager, 200);
    String sv = body(get("/data").param("lang", "sv"), manager, 200);
    assertThat(sv).contains("id=\"findings\"", "Mål för en KPI som inte finns", "Mål för en andel över 100 %", "target F2: win_rate = 30.0")
        .doesNotContain("??findings");
    // Examples are for those who fix data; a viewer sees the counts.
    String viewer = page("/data", as("viewer"));
    assertThat(viewer).contains("Target for a KPI that does not exist").doesNotContain("target F2: win_rate");
  }

  @Test
  void resultsAreCachedUntilAnImportChangesTheDataVersion() throws Exception {
    SignedIn manager = as("manager");
    KpiQuery q = new KpiQuery(List.of(KpiRequest.of("win_rate")), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31),
        new Calendar(Grain.MONTH, 1), List.of(), null, 30, null);
    KpiResult first = numbers.run(manager, q);
    assertThat(numbers.run(manager, q)).isSameAs(first);
    long before = version.current();
    String deals = "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id,pipeline\n"
        + "LIVE1,Closed Won,won,1000,EUR,2025-03-01,2025-03-10,R1,,New Business\n";
    JsonNode report = JSON.readTree(body(multipart("/api/v1/imports")
        .file(new MockMultipartFile("files", "deals.csv", "text/csv", deals.getBytes(StandardCharsets.UTF_8))).with(csrf()), manager, 200));
    assertThat(report.get("loaded").asLong()).isEqualTo(1);
    assertThat(report.get("files").get(0).get("file").asString()).isEqualTo("deals.csv");
    // The workspace's import log names the file as uploaded, not by the server's temporary folder.
    JsonNode log = json("/api/v1/workspace", manager).get("imports").get(0);
    assertThat(log.get("id").asLong()).isEqualTo(report.get("import_id").asLong());
    assertThat(log.get("files").asString()).isEqualTo("deals.csv");
    assertThat(version.current()).isEqualTo(before + 1);
    KpiResult after = numbers.run(manager, q);
    assertThat(after).isNotSameAs(first);
    assertThat(after.kpi("win_rate").cells().get(2).n()).isEqualTo(first.kpi("win_rate").cells().get(2).n() + 1);

    JsonNode failed = JSON.readTree(body(multipart("/api/v1/imports")
        .file(new MockMultipartFile("files", "notes.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8))).with(csrf()), manager, 422));
    assertThat(failed.get("error").asString()).contains("'notes.txt' is not a CSV or Excel (.xlsx) file");
    // A CRM export saved as Excel loads as on the command line.
    java.io.ByteArrayOutputStream xlsx = new java.io.ByteArrayOutputStream();
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
      var sheet = wb.createSheet("Deals");
      String[][] cells = {{"Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date"},
        {"9001", "Excel deal", "Closed Won", "1200", "2025-03-12 10:00", "2025-02-01 09:00"}};
      for (int r = 0; r < cells.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < cells[r].length; c++) {
          row.createCell(c).setCellValue(cells[r][c]);
        }
      }
      wb.write(xlsx);
    }
    JsonNode excel = JSON.readTree(body(multipart("/api/v1/imports").file(new MockMultipartFile("files", "hubspot-crm-exports-all-deals-2025-03-31.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.toByteArray())).with(csrf()), manager, 200));
    assertThat(excel.get("loaded").asLong()).isEqualTo(1);
    assertThat(excel.get("files").get(0).get("file").asString()).isEqualTo("hubspot-crm-exports-all-deals-2025-03-31.xlsx");
    assertThat(version.current()).isEqualTo(before + 2);
    // A file the import cannot read is named as uploaded, not by the server's temporary copy.
    JsonNode unreadable = JSON.readTree(body(multipart("/api/v1/imports")
        .file(new MockMultipartFile("files", "deals.csv", "text/csv", "id,stage\nX1,Won\n".getBytes(StandardCharsets.UTF_8))).with(csrf()),
        manager, 422));
    assertThat(unreadable.get("error").asString()).contains("deals.csv").doesNotContain("kompass-uploads-");
    assertThat(version.current()).isEqualTo(before + 2);
    // So is it in the import log, on the Data page and in the API.
    JsonNode failedRun = json("/api/v1/workspace", manager).get("imports").get(0);
    assertThat(failedRun.get("status").asString()).isEqualTo("failed");
    assertThat(failedRun.get("message").asString()).contains("deals.csv").doesNotContain("kompass-uploads-");
    assertThat(page("/data", manager)).contains("deals.csv").doesNotContain("kompass-uploads-");
  }

  @Test
  void anUploadThatFailsOnTheDataPageSaysWhyInThePagesLanguageWithAdviceForAnUpload() throws Exception {
    SignedIn manager = as("manager");
    Map<String, List<String>> expected = Map.of(
        "sv", List.of("stuff.csv: Kompass kan inte avgöra vilken tabell", "deals.csv: rubrikraden saknar kolumnen status", "reps.csv: filen är tom"),
        "en", List.of("stuff.csv: Kompass cannot tell which table", "deals.csv: the header has no column status", "reps.csv: the file is empty"));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      List<String> errors = new ArrayList<>();
      for (MockMultipartFile file : List.of(new MockMultipartFile("files", "stuff.csv", "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
          new MockMultipartFile("files", "deals.csv", "text/csv", "id,stage\nX1,Won\n".getBytes(StandardCharsets.UTF_8)),
          new MockMultipartFile("files", "reps.csv", "text/csv", new byte[0]))) {
        var result = mvc.perform(multipart("/data/imports").file(file).with(csrf()).with(user(manager)).header("Accept-Language", e.getKey()))
            .andReturn();
        errors.add((String) result.getFlashMap().get("importError"));
      }
      for (int i = 0; i < errors.size(); i++) {
        assertThat(errors.get(i)).as(e.getKey()).startsWith(e.getValue().get(i)).doesNotContain("--mapping", "kompass-uploads-");
      }
    }
  }

  @Test
  void aFileUploadedAgainWithoutItsBadRowTakesThatRowOutOfTheQuarantine() throws Exception {
    SignedIn manager = as("manager");
    String header = "id,stage,status,amount,currency,created_at,closed_at,owner_id\n";
    String bad = "UPQ1,Won,won,12abc,EUR,2025-03-01,2025-03-10,R1\n";
    String good = "UPQ2,Won,won,10,EUR,2025-03-01,2025-03-10,R1\n";
    body(multipart("/api/v1/imports").file(new MockMultipartFile("files", "deals.csv", "text/csv",
        (header + bad + good).getBytes(StandardCharsets.UTF_8))).with(csrf()), manager, 200);
    assertThat(quarantined("UPQ1")).isEqualTo(1);
    body(multipart("/api/v1/imports").file(new MockMultipartFile("files", "deals.csv", "text/csv",
        (header + good).getBytes(StandardCharsets.UTF_8))).with(csrf()), manager, 200);
    assertThat(quarantined("UPQ1")).isZero();
    // A row refused whose record loaded before: the page says that version still counts.
    body(multipart("/api/v1/imports").file(new MockMultipartFile("files", "deals.csv", "text/csv",
        (header + good.replace(",10,", ",1x0,")).getBytes(StandardCharsets.UTF_8))).with(csrf()), manager, 200);
    assertThat(quarantined("UPQ2")).isEqualTo(1);
    assertThat(page("/data", manager)).contains("The version loaded earlier stays in the workspace and counts in KPIs until a corrected file"
        + " replaces it.");
    assertThat(body(get("/data").header("Accept-Language", "sv"), manager, 200)).contains("Versionen som laddades tidigare ligger kvar");
  }

  long quarantined(String recordId) throws Exception {
    try (var c = workspace.connect(); var ps = c.prepareStatement("SELECT count(*) FROM quarantine WHERE record_id = ?")) {
      ps.setString(1, recordId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void theEventStreamOpensWithTheCurrentDataVersion() throws Exception {
    var result = mvc.perform(get("/api/v1/events").with(user(as("viewer")))).andReturn();
    assertThat(result.getRequest().isAsyncStarted()).isTrue();
    assertThat(result.getResponse().getContentAsString()).startsWith("event:version\ndata:{\"version\":" + version.current() + "}");
  }
}

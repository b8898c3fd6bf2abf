package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassWeb;
import io.kompass.app.TestCompany;
import io.kompass.app.people.ApiTokens;
import io.kompass.app.people.SignedIn;
import io.kompass.app.people.Users;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kompass in a real headless Chromium: every role signs in and opens every page, filters and the
 * language live in the address, a rep cannot reach another rep's numbers through page or API, and
 * an import through the server reaches an open dashboard without a reload. Screenshots of every
 * page go to target/screenshots. Fails instead of skipping when Chromium is missing and
 * KOMPASS_REQUIRE_BROWSER=1 or CI is set.
 */
class BrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target/screenshots");
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dir;

  static ConfigurableApplicationContext server;
  static String base;

  WebDriver browser;
  WebDriverWait wait;
  Path profile;

  @BeforeAll
  static void start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    boolean required = "1".equals(System.getenv("KOMPASS_REQUIRE_BROWSER")) || System.getenv("CI") != null;
    if (!present) {
      String why = "Chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver)";
      if (required) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    Files.createDirectories(SCREENSHOTS);
    server = KompassWeb.start(TestCompany.copy(dir).toString(), "127.0.0.1", 0, null);
    base = "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() throws IOException {
    profile = Files.createTempDirectory(dir, "chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--lang=en-GB",
        "--user-data-dir=" + profile.toAbsolutePath());
    // A driver service per browser: quitting a browser also stops its service.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 1000));
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  SignedIn user(String role) {
    return server.getBean(Users.class).all().stream().filter(u -> u.role().id().equals(role)).findFirst().orElseThrow();
  }

  void signIn(String email) {
    browser.get(base + "/login?lang=en");
    browser.findElement(By.id("username")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(TestCompany.PASSWORD);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(d -> !d.getCurrentUrl().contains("/login"));
  }

  void go(String path) {
    browser.get(base + path);
    wait.until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /** Waits until every chart of the page is drawn. */
  void chartsDrawn() {
    wait.until(d -> d.findElements(By.cssSelector("[data-chart]")).stream().allMatch(e -> "true".equals(e.getDomAttribute("data-drawn"))
        || e.getAttribute("data-drawn") != null));
  }

  void screenshot(String name) throws IOException {
    Long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow).as(name + " scrolls sideways: " + widest()).isLessThanOrEqualTo(0L);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The element that sticks out furthest to the right, to say what makes a page scroll sideways. */
  String widest() {
    return String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "var w = document.documentElement.clientWidth, worst = null, right = w;"
            + "document.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect().right;"
            + " if (r > right) { right = r; worst = e; } });"
            + "return worst ? worst.tagName + '.' + worst.className + ' ' + right : 'none';"));
  }

  String main() {
    return browser.findElement(By.tagName("main")).getText();
  }

  @Test
  void everyRoleSignsInAndOpensEveryPage() throws IOException {
    for (String role : List.of("admin", "manager", "rep", "viewer")) {
      signIn(user(role).email());
      go("/");
      assertThat(browser.findElements(By.cssSelector("li.tile[data-kpi]"))).hasSize(7);
      chartsDrawn();
      screenshot(role + "-overview");
      go("/kpi/win_rate");
      chartsDrawn();
      assertThat(browser.findElements(By.cssSelector("#breakdown-table tbody tr"))).isNotEmpty();
      assertThat(browser.findElement(By.id("formula")).getText()).contains("won deals");
      screenshot(role + "-kpi");
      go("/me");
      if (role.equals("viewer")) {
        assertThat(main()).contains("You do not have access to this page or these numbers.");
      } else if (role.equals("rep")) {
        chartsDrawn();
        assertThat(main()).contains("Numbers of " + user("rep").repName(), "Median of all reps");
      } else {
        assertThat(browser.findElement(By.id("rep")).isDisplayed()).isTrue();
      }
      screenshot(role + "-me");
      go("/compare");
      // The seven core KPIs, retention included.
      assertThat(browser.findElements(By.cssSelector("#comparison tbody tr"))).hasSize(7);
      // Only a change its test finds (or one with nothing to test, on enough values) is coloured better or worse.
      assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
          "var odd = []; document.querySelectorAll('#comparison tbody tr').forEach(function (r) {"
              + " var cells = r.querySelectorAll('td'), effect = r.querySelector('td.effect');"
              + " var coloured = getComputedStyle(effect).color !== getComputedStyle(cells[4]).color;"
              + " if (coloured !== r.classList.contains('clear')) { odd.push(r.getAttribute('data-kpi') + ' ' + r.className); } });"
              + " return odd.join('; ');")).isEqualTo("");
      screenshot(role + "-compare");
      go("/data");
      assertThat(browser.findElements(By.id("upload"))).hasSize(role.equals("admin") || role.equals("manager") ? 1 : 0);
      screenshot(role + "-data");
      go("/account");
      assertThat(browser.findElement(By.id("account-role")).getText()).isEqualTo(role);
      screenshot(role + "-account");
      browser.findElement(By.cssSelector(".user button")).click();
      wait.until(ExpectedConditions.urlContains("/login"));
    }
  }

  @Test
  void anAdminAddsAUserOnTheUsersPageWhoThenSignsInWithThePasswordShown() throws IOException {
    signIn(user("admin").email());
    go("/users");
    assertThat(browser.findElements(By.cssSelector("#users tbody tr"))).hasSizeGreaterThanOrEqualTo(4);
    screenshot("admin-users");
    String rep = user("rep").repId().equals("R1") ? "R2" : "R1";
    browser.findElement(By.id("add-email")).sendKeys("new.rep@example.com");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("add-role"))).selectByValue("rep");
    browser.findElement(By.id("add-rep")).sendKeys(rep);
    browser.findElement(By.cssSelector("#add-user button[type=submit]")).click();
    String password = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password"))).getText();
    assertThat(browser.findElement(By.id("users-password")).getText()).contains("Added new.rep@example.com");
    assertThat(browser.findElement(By.cssSelector("tr[data-user='new.rep@example.com'] input[name=rep]")).getDomProperty("value")).isEqualTo(rep);
    screenshot("admin-users-added");
    // On a phone each user is a card: nothing to scroll sideways, and every control within the screen.
    browser.manage().window().setSize(new Dimension(390, 844));
    assertThat(boxOverflow("#users")).as("sideways scrolling of the users table on a phone").isLessThanOrEqualTo(0L);
    for (WebElement control : browser.findElements(By.cssSelector("tr[data-user='new.rep@example.com'] select, "
        + "tr[data-user='new.rep@example.com'] input[name=rep], tr[data-user='new.rep@example.com'] button"))) {
      assertThat(control.getLocation().getX() + control.getSize().getWidth()).as("right edge of '%s' on a phone", control.getText())
          .isLessThanOrEqualTo(390);
    }
    screenshot("admin-users-phone");
    browser.manage().window().setSize(new Dimension(1280, 1000));
    // A form sent without its CSRF token (as after the session ended) says so, not "no access"; one without a field
    // says what went wrong; neither changes anything.
    int before = server.getBean(Users.class).all().size();
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "document.querySelector('#add-user input[name=_csrf]').remove();");
    browser.findElement(By.id("add-email")).sendKeys("stale@example.com");
    browser.findElement(By.cssSelector("#add-user button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "The form was open too long"));
    assertThat(server.getBean(Users.class).all()).hasSize(before);
    go("/users");
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "document.querySelector('tr[data-user=\"new.rep@example.com\"] select[name=role]').remove();");
    browser.findElement(By.cssSelector("tr[data-user='new.rep@example.com'] button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Something the page needs was missing from the request"));
    assertThat(user("rep").role().id()).isEqualTo("rep");
    go("/users");
    browser.findElement(By.cssSelector(".user button")).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.get(base + "/login?lang=en");
    browser.findElement(By.id("username")).sendKeys("new.rep@example.com");
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(d -> !d.getCurrentUrl().contains("/login"));
    go("/me");
    assertThat(main()).contains("Numbers of ");
    // A rep has no Users page, in the menu or by address.
    assertThat(browser.findElements(By.cssSelector(".main-nav a[href$='/users']"))).isEmpty();
    go("/users");
    assertThat(main()).contains("You do not have access to this page or these numbers.");
  }

  @Test
  void moneyAxesUseTheLanguagesShortFormsOfTheCurrency() {
    signIn(TestCompany.MANAGER);
    for (String lang : List.of("sv", "en")) {
      go("/kpi/average_order_value?lang=" + lang);
      chartsDrawn();
      // The charts are drawn as SVG: their axis labels are text in the page.
      @SuppressWarnings("unchecked")
      List<String> labels = (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
          "return Array.from(document.querySelectorAll('[data-chart=trend-data] svg text')).map(function (t) { return t.textContent; });");
      List<String> amounts = labels.stream().filter(t -> t.matches(".*\\d.*") && !t.contains("%") && !t.matches(".*\\d{4}.*")).toList();
      assertThat(amounts).as(lang + ": " + labels).isNotEmpty();
      // The test company counts in euros: "40 TEUR" in Swedish (not the browser's "40 tn €"), "€40K" in English.
      String shortForm = lang.equals("sv") ? "0|\\u2212?[\\d,]+ (TEUR|MEUR)|\\u2212?\\d+[\\s\\u00a0]€" : "0|-?€[\\d.]+[KM]?";
      assertThat(amounts).as(labels.toString()).allMatch(t -> t.matches(shortForm)).anyMatch(t -> t.matches(".*(TEUR|MEUR|K|M)"));
    }
  }

  @Test
  void filtersAndTheLanguageLiveInTheAddress() throws IOException {
    signIn(TestCompany.MANAGER);
    go("/kpi/sales_cycle_days");
    Select team = new Select(browser.findElement(By.id("f-team")));
    String chosen = team.getOptions().get(1).getAttribute("value");
    team.selectByValue(chosen);
    new Select(browser.findElement(By.id("f-grain"))).selectByValue("quarter");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("grain=quarter"));
    assertThat(browser.getCurrentUrl()).contains("team=" + chosen.replace(" ", "+"));
    // Dates left as they were are not in the address: the view (and a bookmark of it) runs up to today.
    assertThat(browser.getCurrentUrl()).doesNotContain("from=", "to=");
    chartsDrawn();
    String url = browser.getCurrentUrl();

    browser.findElement(By.cssSelector(".languages a[lang=sv]")).click();
    wait.until(d -> "sv".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
    assertThat(browser.getCurrentUrl()).contains("grain=quarter", "lang=sv");
    assertThat(main()).contains("Utveckling", "Definition", "dagar");
    assertThat(browser.findElement(By.id("f-grain")).getAttribute("value")).isEqualTo("quarter");
    screenshot("manager-kpi-filtered-sv");

    // The same address opens the same view: a bookmark or a shared link.
    browser.get(url.replace("lang=sv", ""));
    assertThat(new Select(browser.findElement(By.id("f-team"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(chosen);
    // A date chosen is kept in the address.
    WebElement from = browser.findElement(By.id("f-from"));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = '2024-07-01';", from);
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("from=2024-07-01"));
    // The end left at today stays out, so the view still runs up to today; filters left at "all" stay out too.
    assertThat(browser.getCurrentUrl()).contains("grain=quarter").doesNotContain("to=", "region=", "variant=default", "sort=value");
    // An end chosen keeps the start that was on the screen.
    String start = browser.findElement(By.id("f-from")).getDomProperty("value");
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-06-30';", browser.findElement(By.id("f-to")));
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("to=2026-06-30"));
    assertThat(browser.getCurrentUrl()).contains("from=" + start);
  }

  @Test
  void aVariantChosenWithTheKeyboardAppliesOnEnterNotOnEveryArrowKey() {
    signIn(TestCompany.MANAGER);
    go("/kpi/sales_cycle_days");
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
    // Counts the pages left, across the reloads, in the tab's session storage.
    js.executeScript("sessionStorage.setItem('left', '0'); window.addEventListener('beforeunload', function () {"
        + " sessionStorage.setItem('left', String(Number(sessionStorage.getItem('left')) + 1)); });");
    WebElement variant = browser.findElement(By.id("variant"));
    variant.sendKeys(Keys.ARROW_DOWN);
    variant.sendKeys(Keys.ARROW_DOWN);
    String chosen = new Select(variant).getFirstSelectedOption().getAttribute("value");
    assertThat(chosen).isNotEqualTo("default");
    variant.sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("variant=" + chosen));
    // One page left: the one Enter applied, not one per arrow key.
    assertThat(js.executeScript("return sessionStorage.getItem('left');")).isEqualTo("1");
    // The new page keeps the focus on the choice, not back at the top.
    wait.until(d -> "variant".equals(d.switchTo().activeElement().getDomAttribute("id")));
    // With the pointer, a choice applies at once.
    new Select(browser.findElement(By.id("variant"))).selectByValue("default");
    wait.until(ExpectedConditions.urlContains("variant=default"));
  }

  @Test
  void aRepCannotReachAnotherRepsNumbersThroughPageOrApi() throws IOException {
    SignedIn rep = user("rep");
    String other = rep.repId().equals("R1") ? "R2" : "R1";
    signIn(rep.email());
    go("/me?rep=" + other);
    assertThat(main()).contains("You do not have access");
    go("/kpi/win_rate?by=rep");
    assertThat(browser.findElements(By.cssSelector("#breakdown-table tbody tr"))).extracting(e -> e.getDomAttribute("data-name"))
        .containsExactly(rep.repName());
    screenshot("rep-kpi-by-rep");
    go("/api/v1/kpis?kpi=win_rate&by=rep&grain=total");
    String json = browser.findElement(By.tagName("body")).getText();
    assertThat(json).contains("\"group\":{\"rep\":\"" + rep.repName() + "\"}");
    assertThat(json.split("\"group\":").length - 1).isEqualTo(1);
    go("/api/v1/me?rep=" + other);
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"error\"", "a rep sees only their own numbers");
  }

  @Test
  void anUploadOverTheServersLimitIsRefusedOnThePageWithoutBeingSent(@org.junit.jupiter.api.io.TempDir Path files) throws Exception {
    signIn(user("manager").email());
    go("/data?lang=sv");
    String limit = browser.findElement(By.id("upload")).getDomAttribute("data-max-bytes");
    assertThat(Long.parseLong(limit)).as("KOMPASS_MAX_UPLOAD, 2GB by default").isEqualTo(2L << 30);
    assertThat(browser.findElement(By.id("upload-too-large")).isDisplayed()).isFalse();
    long importsBefore;
    try (var c = server.getBean(io.kompass.app.numbers.Numbers.class).workspace().connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM import_runs")) {
      rs.next();
      importsBefore = rs.getLong(1);
    }
    // A file larger than the limit, which the page reads from its form: here the limit is lowered to 100 bytes.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('upload').setAttribute('data-max-bytes', '100')");
    Path teams = Files.writeString(files.resolve("teams.csv"), "id,name,region\n" + "TX,Team with a long name,North\n".repeat(10));
    browser.findElement(By.id("files")).sendKeys(teams.toAbsolutePath().toString());
    browser.findElement(By.cssSelector("#upload button[type=submit]")).click();

    WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-too-large")));
    assertThat(note.getText()).startsWith("Filerna är större än servern tar emot (2").contains("KOMPASS_MAX_UPLOAD");
    assertThat(browser.getCurrentUrl()).endsWith("/data?lang=sv");
    screenshot("manager-data-upload-too-large");
    try (var c = server.getBean(io.kompass.app.numbers.Numbers.class).workspace().connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM import_runs")) {
      rs.next();
      assertThat(rs.getLong(1)).as("nothing was sent").isEqualTo(importsBefore);
    }
  }

  @Test
  void anImportThroughTheServerReachesAnOpenDashboardWithoutReload() throws Exception {
    signIn(TestCompany.MANAGER);
    go("/?kpis=win_rate,revenue");
    wait.until(d -> d.findElement(By.tagName("main")).getDomAttribute("data-live-open") != null);
    WebElement main = browser.findElement(By.tagName("main"));
    String version = main.getDomAttribute("data-version");
    String revenue = browser.findElement(By.cssSelector("li[data-kpi=revenue] .tile-value")).getText();
    browser.findElement(By.tagName("main")).getDomAttribute("id");
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelector('main').setAttribute('data-marker', 'same-page')");
    // The reader is choosing another grain with the keyboard, not applied yet: the update keeps that choice and the focus.
    // The focus form is open too (the manager is choosing KPIs): it stays open.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('focus').open = true;");
    WebElement grain = browser.findElement(By.id("f-grain"));
    grain.sendKeys(Keys.ARROW_DOWN);
    String chosen = grain.getDomProperty("value");
    assertThat(chosen).isNotEqualTo("month");

    String token = server.getBean(ApiTokens.class).create(user("admin").id(), "browser test");
    String today = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm")).toString();
    String csv = "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id,pipeline\n"
        + "LIVE-1,Closed Won,won,250000,EUR," + today + "," + today + ",R1,,New Business\n";
    String boundary = "kompass-test-boundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"deals.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        + csv + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    long committed = System.nanoTime();
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

    wait.until(d -> !version.equals(d.findElement(By.tagName("main")).getDomAttribute("data-version")));
    long tookMs = (System.nanoTime() - committed) / 1_000_000;
    assertThat(browser.findElement(By.cssSelector("li[data-kpi=revenue] .tile-value")).getText()).isNotEqualTo(revenue);
    assertThat(browser.findElement(By.tagName("main")).getDomAttribute("data-marker")).as("no reload").isEqualTo("same-page");
    assertThat(browser.findElement(By.id("live-status")).getText()).isEqualTo("New data arrived: the numbers on this page are updated.");
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).as("focus after the update").isEqualTo("f-grain");
    assertThat(browser.findElement(By.id("f-grain")).getDomProperty("value")).as("grain chosen before the update").isEqualTo(chosen);
    assertThat(browser.findElement(By.id("focus")).getDomProperty("open")).as("focus form open after the update").isEqualTo("true");
    System.out.println("Live update reached the open overview " + tookMs + " ms after the import committed.");
    assertThat(tookMs).as("the live update arrives within a second or two").isLessThan(2000);
    screenshot("manager-overview-after-import");

    // A tab out of view lets go of its connection (a browser keeps six per server), and catches up when back in view.
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
    js.executeScript("Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        + " document.dispatchEvent(new Event('visibilitychange'));");
    assertThat(browser.findElement(By.tagName("main")).getDomAttribute("data-live-open")).isNull();
    String hiddenVersion = browser.findElement(By.tagName("main")).getDomAttribute("data-version");
    String csv2 = csv.replace("LIVE-1", "LIVE-2");
    String body2 = body.replace(csv, csv2);
    HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body2, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    js.executeScript("Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        + " document.dispatchEvent(new Event('visibilitychange'));");
    wait.until(d -> !hiddenVersion.equals(d.findElement(By.tagName("main")).getDomAttribute("data-version")));
    assertThat(browser.findElement(By.tagName("main")).getDomAttribute("data-marker")).as("no reload").isEqualTo("same-page");
  }

  /** How far the box holding a table scrolls sideways (0 or less: not at all). */
  Long boxOverflow(String table) {
    return (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "const b = document.querySelector(arguments[0]).parentElement; return b.scrollWidth - b.clientWidth;", table);
  }

  @Test
  void thePagesWorkOnAPhoneAndFromTheKeyboard() throws IOException {
    signIn(TestCompany.VIEWER);
    browser.manage().window().setSize(new Dimension(390, 844));
    go("/");
    chartsDrawn();
    Long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow).as("no sideways scrolling on a phone: " + widest()).isLessThanOrEqualTo(0L);
    // The filters leave room for the first KPI on the first screen.
    assertThat(browser.findElement(By.cssSelector("li[data-kpi]")).getLocation().getY()).as("first tile's top on a phone").isLessThan(700);
    screenshot("viewer-overview-phone");
    go("/kpi/win_rate");
    screenshot("viewer-kpi-phone");
    // The breakdown's names stay readable, not one letter per line.
    for (WebElement name : browser.findElements(By.cssSelector("#breakdown-table tbody th"))) {
      Long lines = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
          "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
              + " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;", name);
      assertThat(lines).as("lines of the row or column name '%s' on a phone", name.getText()).isLessThanOrEqualTo(2L);
    }

    // The breakdown: a card per row, each value named, its sort links still there.
    WebElement sortByName = browser.findElement(By.cssSelector("#breakdown-table thead a"));
    assertThat(sortByName.isDisplayed()).isTrue();
    assertThat(sortByName.getSize().getWidth()).as("width of the sort link on a phone").isGreaterThan(20);
    assertThat(boxOverflow("#breakdown-table")).as("sideways scrolling of the breakdown on a phone").isLessThanOrEqualTo(0L);
    assertThat((String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return getComputedStyle(document.querySelector('#breakdown-table tbody td'), '::before').content;")).isEqualTo("\"Value\"");
    // The Data page's quarantine and imports too.
    go("/data");
    assertThat(browser.findElements(By.cssSelector("#tables"))).hasSize(1);
    for (String table : List.of("#tables", "#quarantine-groups", "#findings-table", "#imports")) {
      if (!browser.findElements(By.cssSelector(table)).isEmpty()) {
        assertThat(boxOverflow(table)).as("sideways scrolling of %s on a phone", table).isLessThanOrEqualTo(0L);
      }
    }
    screenshot("viewer-data-phone");

    // Before/after: a card per KPI, nothing to scroll sideways, each value named.
    go("/compare");
    assertThat(boxOverflow("#comparison")).as("sideways scrolling of the before/after table on a phone").isLessThanOrEqualTo(0L);
    assertThat((String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "return getComputedStyle(document.querySelector('#comparison tbody td'), '::before').content;")).isEqualTo("\"Before\"");
    // Its caption reads across the card, not one letter per line.
    Long captionLines = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "const r = document.createRange(); r.selectNodeContents(document.querySelector('#comparison caption'));"
            + " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;");
    assertThat(captionLines).as("lines of the before/after caption on a phone").isLessThanOrEqualTo(4L);
    screenshot("viewer-compare-phone");

    browser.manage().window().setSize(new Dimension(1280, 1000));
    go("/");
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    WebElement first = browser.switchTo().activeElement();
    assertThat(first.getText()).isEqualTo("Skip to content");
    first.sendKeys(Keys.ENTER);
    // Tab on from the skip link reaches the filters: everything is reachable without a mouse.
    for (int i = 0; i < 3; i++) {
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
    }
    assertThat(browser.switchTo().activeElement().getTagName()).isIn("input", "select", "a", "button");
    browser.findElement(By.cssSelector("li[data-kpi=lead_conversion_rate] .tile-name a")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/kpi/"));
  }
}

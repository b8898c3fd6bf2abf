package io.kompass.app.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli;
import io.kompass.app.KompassWeb;
import io.kompass.engine.conformance.EmbeddedPostgresServer;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The web UI and API on a PostgreSQL workspace: every page renders for a signed-in admin. */
class PostgresWebTest {

  /** A new PostgreSQL database holding the tiny demo company. */
  static String demoDatabase() {
    String pg = EmbeddedPostgresServer.newDatabase();
    assertThat(KompassCli.run("demo", "--size", "tiny", "--no-serve", "--end", "2025-06-30", "--workspace", pg).exitCode()).isZero();
    return pg;
  }

  static String base(ConfigurableApplicationContext server) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
  }

  @Test
  void pagesAndApiWorkOnPostgres() throws Exception {
    String pg = demoDatabase();
    ConfigurableApplicationContext server = KompassWeb.start(pg, "127.0.0.1", 0, null);
    try {
      String base = base(server);
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      String login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
      String csrf = login.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
      HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=admin@kompass.demo&password=kompass-demo&_csrf=" + csrf)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(302);
      for (String page : List.of("/?from=2025-01-01&to=2025-06-30", "/kpi/pipeline_density?from=2025-01-01&to=2025-06-30",
          "/kpi/win_rate?by=team", "/compare", "/data", "/api/v1/catalog")) {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(base + page)).header("Accept-Language", "en").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(page + ": " + r.body()).isEqualTo(200);
      }
    } finally {
      server.close();
    }
  }

  /** The first "value" of a KPI answer. */
  static double value(String json) {
    return Double.parseDouble(json.replaceAll("(?s).*?\"value\"\\s*:\\s*([-0-9.eE]+).*", "$1"));
  }

  @Test
  void anImportBesideTheServerMovesItsNumbersOn() throws Exception {
    String pg = demoDatabase();
    ConfigurableApplicationContext server = KompassWeb.start(pg, "127.0.0.1", 0, null);
    try {
      String base = base(server);
      long admin = server.getBean(io.kompass.app.people.Users.class).find("admin@kompass.demo").orElseThrow().id();
      String token = server.getBean(io.kompass.app.people.ApiTokens.class).create(admin, "test");
      HttpRequest revenue = HttpRequest.newBuilder(URI.create(base + "/api/v1/kpis?kpi=revenue&grain=total&from=2025-06-01&to=2025-06-30"))
          .header("Authorization", "Bearer " + token).build();
      HttpClient http = HttpClient.newHttpClient();
      String before = http.send(revenue, HttpResponse.BodyHandlers.ofString()).body();
      io.kompass.app.data.ImportWatch watch = server.getBean(io.kompass.app.data.ImportWatch.class);
      assertThat(watch.check()).isFalse();
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kompass-beside");
      java.nio.file.Files.writeString(dir.resolve("deals.csv"),
          "id,stage,status,amount,currency,created_at,closed_at\nBESIDE-1,Won,won,5000,EUR,2025-06-01,2025-06-15\n");
      // Ids are given when an import starts: one beside the server may finish after a later one the server knows of.
      server.getBean(io.kompass.app.numbers.DataVersion.class).bump(1_000_000);
      assertThat(KompassCli.run("import", "--workspace", pg, dir.resolve("deals.csv").toString()).exitCode()).isZero();
      long version = server.getBean(io.kompass.app.numbers.DataVersion.class).current();
      // The server's own timer looks every few seconds; the test looks once, now.
      assertThat(watch.check()).isTrue();
      assertThat(server.getBean(io.kompass.app.numbers.DataVersion.class).current()).isEqualTo(version + 1);
      String after = http.send(revenue, HttpResponse.BodyHandlers.ofString()).body();
      assertThat(value(after)).as(after).isGreaterThan(value(before));
      assertThat(watch.check()).isFalse();
    } finally {
      server.close();
    }
  }
}

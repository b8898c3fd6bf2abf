package io.kompass.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli.Result;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class ServeCommandTest {

  @TempDir Path dir;

  final HttpClient http = HttpClient.newHttpClient();

  /** Asks as a browser does. */
  HttpResponse<String> get(int port, String path, String language) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "text/html,*/*;q=0.8")
            .header("Accept-Language", language)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPortInUseOrOutOfRangeIsSaidPlainlyAndTheFirstPasswordIsNotLost() throws Exception {
    Path ws = dir.resolve("busy.duckdb");
    KompassCli.run("import", "--workspace", ws.toString(), KompassCli.writeSmallExport(dir.resolve("export")).toString());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Result r = KompassCli.run("serve", "--workspace", ws.toString(), "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1).first().asString()
          .startsWith("kompass: cannot listen on 127.0.0.1 port " + taken.getLocalPort() + " (")
          .endsWith("stop it or choose another port with --port");
      // The admin made for this start keeps the password it was given, and it was said.
      assertThat(r.outLines()).hasSize(1).first().asString().startsWith("No users yet: sign in as 'admin' with the password ");
    }
    // Settings from the environment are named with what they take.
    for (String[] bad : new String[][] {{"KOMPASS_KEPT_LOOKUPS", "maybe", "write true or false"},
        {"KOMPASS_SESSION_TIMEOUT", "abc", "with a unit, such as 60m or 8h"}, {"KOMPASS_SESSION_TIMEOUT", "0", "with a unit, such as 60m or 8h"},
        {"KOMPASS_MAX_UPLOAD", "lots", "such as 500MB or 2GB"}}) {
      Result r = KompassCli.run(java.util.Map.of(bad[0], bad[1]), "serve", "--workspace", ws.toString(), "--port", "0");
      assertThat(r.exitCode()).as(bad[0]).isEqualTo(1);
      assertThat(r.errLines()).as(bad[0]).hasSize(1).first().asString().startsWith("kompass: " + bad[0] + " is '" + bad[1] + "': ").endsWith(bad[2]);
    }
    for (String port : new String[] {"-1", "99999"}) {
      Result r = KompassCli.run("serve", "--workspace", ws.toString(), "--port", port);
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.errLines()).first().isEqualTo("Invalid value for option '--port': " + port + " is not a port (0 to 65535; 0 picks a free one)");
    }
  }

  @Test
  void servesTheWorkspaceOnLocalhostUntilStoppedAndThenReleasesIt() throws Exception {
    Path ws = dir.resolve("ws.duckdb");
    KompassCli.run("import", "--workspace", ws.toString(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("serve", "--workspace", ws.toString(), "--port", "0");
    ConfigurableApplicationContext server = r.kompass().server();
    try {
      assertThat(r.exitCode()).isZero();
      int port = ((WebServerApplicationContext) server).getWebServer().getPort();
      assertThat(r.outLines()).hasSize(3);
      assertThat(r.outLines().get(0)).matches("No users yet: sign in as 'admin' with the password [A-Za-z0-9]{16} \\(shown only now;"
          + " change it under Account\\)\\. Add people with 'kompass user add'\\.");
      assertThat(r.outLines().get(1)).isEqualTo("Kompass is running at http://localhost:" + port + " (workspace " + ws + ").");
      assertThat(r.outLines().get(2)).isEqualTo("Press Ctrl+C to stop.");
      String password = r.outLines().get(0).replaceAll(".* the password ([A-Za-z0-9]+) .*", "$1");

      // Nothing is open without signing in: pages send to the sign-in page, the API answers 401.
      HttpResponse<String> home = get(port, "/", "en");
      assertThat(home.statusCode()).isEqualTo(302);
      assertThat(home.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
      assertThat(get(port, "/api/v1/workspace", "en").statusCode()).isEqualTo(401);
      assertThat(get(port, "/login", "en").body()).contains("<html lang=\"en\">", "Sign in to Kompass");
      assertThat(get(port, "/css/kompass.css", "en").statusCode()).isEqualTo(200);

      // The one-time admin password signs in through the form (with its CSRF token) and opens the overview.
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
      String login = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String csrf = login.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
      HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + password + "&_csrf=" + csrf)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(302);
      assertThat(signIn.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/");
      HttpResponse<String> overview = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.body()).contains("<html lang=\"en\">", "How the team is doing");
      // Sessions live in the cookie, never in links: parts of pages are rendered once and shown to everyone.
      assertThat(login).contains("action=\"/login\"").doesNotContainIgnoringCase("jsessionid");
      assertThat(overview.body()).doesNotContainIgnoringCase("jsessionid");

      HttpResponse<String> missing = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/no-such-page"))
          .header("Accept", "text/html").header("Accept-Language", "sv").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("Det finns ingen sida på den här adressen.");
    } finally {
      server.close();
    }
    // Closing the server closed the workspace: it opens again.
    try (Workspace again = Workspace.openFile(ws, Settings.DEFAULT)) {
      assertThat(again.settings()).isEqualTo(Settings.DEFAULT);
    }
  }
}

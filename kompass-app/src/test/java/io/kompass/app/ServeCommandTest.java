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
  void servesTheWorkspaceOnLocalhostUntilStoppedAndThenReleasesIt() throws Exception {
    Path ws = dir.resolve("ws.duckdb");
    KompassCli.run("import", "--workspace", ws.toString(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("serve", "--workspace", ws.toString(), "--port", "0");
    ConfigurableApplicationContext server = r.kompass().server();
    try {
      assertThat(r.exitCode()).isZero();
      int port = ((WebServerApplicationContext) server).getWebServer().getPort();
      assertThat(r.outLines()).containsExactly(
          "Kompass is running at http://localhost:" + port + " (workspace " + ws + ").",
          "Press Ctrl+C to stop.");

      HttpResponse<String> home = get(port, "/", "en");
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("<html lang=\"en\">", "data-table=\"deals\"");
      assertThat(get(port, "/css/kompass.css", "en").statusCode()).isEqualTo(200);
      assertThat(get(port, "/api/v1/workspace", "en").body()).contains("\"quarantined\":1");

      HttpResponse<String> missing = get(port, "/no-such-page", "sv");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("<html lang=\"sv\">", "Det finns ingen sida på den här adressen.");
    } finally {
      server.close();
    }
    // Closing the server closed the workspace: it opens again.
    try (Workspace again = Workspace.openFile(ws, Settings.DEFAULT)) {
      assertThat(again.settings()).isEqualTo(Settings.DEFAULT);
    }
  }
}

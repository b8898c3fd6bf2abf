package io.kompass.app;

import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web application: server-rendered pages and the REST API on one workspace. Started by
 * {@code kompass serve} and {@code kompass demo}; the workspace is a bean opened from
 * {@code kompass.workspace} and closed when the application stops.
 */
@SpringBootApplication
public class KompassWeb {

  /** Starts the web server on a workspace (a DuckDB file or a PostgreSQL URL); returns once it listens. */
  public static ConfigurableApplicationContext start(String workspace, String bind, int port, Path catalog) {
    SpringApplication app = new SpringApplication(KompassWeb.class);
    // Given as arguments, so they win over any other source: the command line said so.
    return app.run(
        "--kompass.workspace=" + workspace,
        "--kompass.catalog=" + (catalog == null ? "" : catalog.toAbsolutePath()),
        "--server.address=" + bind,
        "--server.port=" + port);
  }
}

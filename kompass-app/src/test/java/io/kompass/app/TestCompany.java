package io.kompass.app;

import io.kompass.app.people.DemoUsers;
import io.kompass.engine.Progress;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The tiny demo company (2,000 deals, history up to today) with its demo users, generated once
 * per test JVM; each test class works on its own copy of the file, since the web application
 * holds the workspace it opens.
 */
public final class TestCompany {

  /** The demo users' password. */
  public static final String PASSWORD = DemoUsers.PASSWORD;
  public static final String ADMIN = "admin@kompass.demo";
  public static final String MANAGER = "manager@kompass.demo";
  public static final String VIEWER = "viewer@kompass.demo";

  private static Path template;

  private TestCompany() {}

  public static synchronized Path copy(Path dir) {
    try {
      if (template == null) {
        Path file = Files.createTempDirectory("kompass-company").resolve("tiny.duckdb");
        try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
          LocalDate today = LocalDate.now(Settings.DEFAULT.timeZone());
          DemoGenerator.generate(ws, DemoSpec.preset("tiny", 42, today), Progress.NONE);
          DemoUsers.ensure(ws);
        }
        file.toFile().deleteOnExit();
        template = file;
      }
      Files.createDirectories(dir);
      Path copy = dir.resolve("company.duckdb");
      Files.copy(template, copy);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.kompass.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.kompass.app.demo.DemoCommand;
import io.kompass.app.ingest.ImportCommand;
import io.kompass.app.kpi.CatalogCommand;
import io.kompass.app.kpi.CompareCommand;
import io.kompass.app.kpi.ExplainCommand;
import io.kompass.app.kpi.KpiCommand;
import io.kompass.app.kpi.ResultsCommand;
import io.kompass.app.lake.CopyCommand;
import io.kompass.app.lake.ExportCommand;
import io.kompass.app.people.UserCommand;
import io.kompass.app.people.Users;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.CatalogException;
import io.kompass.engine.query.QueryException;
import io.kompass.app.quality.QualityCommand;
import io.kompass.app.workspace.StatusCommand;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code kompass} command: the entry point of the jar. Commands that show the web UI start
 * Spring Boot; all others run without it, so they start fast and print only what they report.
 */
@Command(
    name = "kompass",
    mixinStandardHelpOptions = true,
    versionProvider = Kompass.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Kompass: sales KPIs you can trust, from your CRM or your CSV exports.",
    description = "Every command works on one workspace: a DuckDB file that holds your data.",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      ImportCommand.class,
      QualityCommand.class,
      StatusCommand.class,
      KpiCommand.class,
      CompareCommand.class,
      ExplainCommand.class,
      CatalogCommand.class,
      ResultsCommand.class,
      ExportCommand.class,
      CopyCommand.class,
      UserCommand.class,
      CommandLine.HelpCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 done, 1 failed (the message says what to do), 2 wrong usage, 3 imported but some"
          + " rows were quarantined.",
      "",
      "Run 'kompass <command> --help' for the options of a command."
    })
public final class Kompass implements Runnable {

  /** Everything went as asked. */
  public static final int OK = 0;
  /** The command failed; the message says what to do. */
  public static final int FAILED = 1;
  /** The command line was wrong (picocli's code for usage errors). */
  public static final int USAGE = CommandLine.ExitCode.USAGE;
  /** An import was saved, but some rows went to quarantine. */
  public static final int QUARANTINED = 3;

  static final String DEFAULT_WORKSPACE = "data/kompass.duckdb";
  static final String WORKSPACE_VARIABLE = "KOMPASS_WORKSPACE";
  static final String CATALOG_VARIABLE = "KOMPASS_CATALOG";

  /** Writes JSON as the REST API does: snake_case names (spring.jackson.property-naming-strategy), indented. */
  public static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--workspace"},
      scope = ScopeType.INHERIT,
      paramLabel = "<file>",
      description = {
        "The workspace: a DuckDB file, or a PostgreSQL URL (jdbc:postgresql://host/db?user=...&password=...)."
            + " Default: $" + WORKSPACE_VARIABLE + " when set, else " + DEFAULT_WORKSPACE + " in the current folder."
      })
  String workspace;

  @Option(
      names = "--catalog",
      scope = ScopeType.INHERIT,
      paramLabel = "<folder>",
      description = {"A folder of KPI catalog files (*.yaml) to add to the built-in catalog. Default: $" + CATALOG_VARIABLE + " when set."})
  Path catalogDir;

  private Catalog catalog;

  private final Map<String, String> environment;
  private final boolean terminal;
  private PrintWriter out;
  private PrintWriter err;
  private String arrow = "→";
  private ConfigurableApplicationContext server;

  /**
   * @param environment the process environment (read for {@code KOMPASS_WORKSPACE})
   * @param terminal whether stderr is a terminal, so progress can be redrawn in place
   */
  public Kompass(Map<String, String> environment, boolean terminal) {
    this.environment = Map.copyOf(environment);
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    quietLogging();
    Charset charset = consoleCharset();
    Kompass kompass = new Kompass(System.getenv(), System.console() != null && !"dumb".equals(System.getenv("TERM")));
    CommandLine cli =
        kompass.commandLine(
            new PrintWriter(new OutputStreamWriter(System.out, charset), true),
            new PrintWriter(new OutputStreamWriter(System.err, charset), true));
    if (!charset.newEncoder().canEncode('→')) {
      kompass.arrow = "->";
    }
    int code = cli.execute(args);
    if (kompass.server == null) {
      System.exit(code);
    }
    // A running web server keeps the JVM alive until Ctrl+C; Spring then closes the workspace.
  }

  /** The command line with its output going to {@code out} and messages and progress to {@code err}. */
  public CommandLine commandLine(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
    CommandLine cli = new CommandLine(this);
    cli.registerConverter(LocalDate.class, new DemoCommand.Day());
    cli.setOut(out);
    cli.setErr(err);
    if (!terminal) {
      cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
    cli.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          if (e instanceof QueryException) {
            err.println("kompass: " + e.getMessage());
            err.flush();
            return USAGE;
          }
          if (e instanceof WorkspaceException || e instanceof ImportFailedException) {
            err.println("kompass: " + e.getMessage());
          } else if (e instanceof CatalogException c) {
            err.println("kompass: the KPI catalog has problems; fix them (kompass catalog validate lists them all):");
            c.problems().forEach(p -> err.println("  " + p));
          } else {
            err.println("kompass: unexpected error, please report it with the details below: " + e);
            e.printStackTrace(err);
          }
          err.flush();
          return FAILED;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: say what Kompass should do.");
  }

  // ---- for the commands ----

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** The arrow between a file and its table; "->" where the console cannot show "→". */
  public String arrow() {
    return arrow;
  }

  /** A progress display on stderr; call {@link ProgressBar#finish()} before printing results. */
  public ProgressBar progress() {
    return new ProgressBar(err, terminal);
  }

  /** The workspace as named: --workspace, else $KOMPASS_WORKSPACE, else data/kompass.duckdb (a file or a PostgreSQL URL). */
  public String workspaceLocation() {
    if (workspace != null) {
      return workspace;
    }
    String fromEnvironment = environment.get(WORKSPACE_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_WORKSPACE : fromEnvironment;
  }

  /** The workspace for messages: a PostgreSQL URL without its password. */
  public String shownLocation() {
    return workspaceLocation().replaceAll("password=[^&]*", "password=***");
  }

  /** Whether the workspace is a PostgreSQL database rather than a DuckDB file. */
  public boolean workspaceIsPostgres() {
    return Workspace.isPostgresUrl(workspaceLocation());
  }

  /** The workspace file (for a DuckDB workspace). */
  public Path workspacePath() {
    Workspace.checkIsAFile(workspaceLocation());
    return Path.of(workspaceLocation());
  }

  /**
   * " --workspace <file>" when the workspace was named on the command line, for hints that show a command; a PostgreSQL
   * URL is shown without its password (put it back to run the command).
   */
  public String workspaceHint() {
    return workspace == null ? "" : " --workspace " + workspace.replaceAll("(?s)://[^/@]*@", "://***@").replaceAll("(?i)password=[^&]*", "password=***");
  }

  /** The user catalog folder: --catalog, else $KOMPASS_CATALOG, else none. */
  public Path catalogDir() {
    if (catalogDir != null) {
      return catalogDir;
    }
    String fromEnvironment = environment.get(CATALOG_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
  }

  /** Loads the catalog afresh (built-in plus the user folder); throws CatalogException listing problems. */
  public Catalog loadCatalog() {
    return Catalog.load(catalogDir());
  }

  /** The catalog, loaded once per command. */
  public Catalog catalog() {
    if (catalog == null) {
      catalog = loadCatalog();
    }
    return catalog;
  }

  /** Opens the workspace, creating it with the given settings when the file does not exist yet. */
  public Workspace openOrCreate(WorkspaceSettingsOptions options) {
    Workspace opened = Workspace.open(workspaceLocation(), options.settings());
    options.warnWhenIgnored(opened.settings(), opened.location(), err);
    return opened;
  }

  /** Opens a workspace that must exist; says how to create one otherwise. */
  public Workspace openExisting() {
    if (workspaceIsPostgres()) {
      return Workspace.open(workspaceLocation(), Settings.DEFAULT);
    }
    Path file = workspacePath();
    if (!Files.exists(file)) {
      throw new WorkspaceException(
          "there is no workspace at " + file + " yet. Create one with 'kompass import <folder>' or 'kompass demo',"
              + " or name an existing one with --workspace <file>.");
    }
    return Workspace.openFile(file, Settings.DEFAULT);
  }

  /** Prints a value as indented JSON (the same shape and names the REST API uses). */
  public void printJson(Object value) {
    out.println(JSON.writeValueAsString(value));
    out.flush();
  }

  /**
   * Checks the web server's settings from the environment, so that a wrong one is named with what it takes instead
   * of failing deep inside the server's start with a stack trace.
   */
  void checkServerSettings() {
    String lookups = environment.get("KOMPASS_KEPT_LOOKUPS");
    // The words Spring reads as a boolean.
    if (lookups != null && !java.util.Set.of("true", "false", "on", "off", "yes", "no", "1", "0").contains(lookups.trim().toLowerCase(java.util.Locale.ROOT))) {
      throw new WorkspaceException("KOMPASS_KEPT_LOOKUPS is '" + lookups + "': write true or false");
    }
    String timeout = environment.get("KOMPASS_SESSION_TIMEOUT");
    if (timeout != null) {
      java.time.Duration d;
      try {
        d = org.springframework.boot.convert.DurationStyle.detectAndParse(timeout.trim(), java.time.temporal.ChronoUnit.SECONDS);
      } catch (IllegalArgumentException e) {
        d = null;
      }
      if (d == null || d.isNegative() || d.isZero()) {
        throw new WorkspaceException("KOMPASS_SESSION_TIMEOUT is '" + timeout + "': write how long a session lasts without a request,"
            + " with a unit, such as 60m or 8h");
      }
    }
    String upload = environment.get("KOMPASS_MAX_UPLOAD");
    if (upload != null) {
      boolean ok;
      try {
        ok = org.springframework.util.unit.DataSize.parse(upload.trim()).toBytes() > 0;
      } catch (IllegalArgumentException e) {
        ok = false;
      }
      if (!ok) {
        throw new WorkspaceException("KOMPASS_MAX_UPLOAD is '" + upload + "': write a size with a unit, such as 500MB or 2GB");
      }
    }
  }

  /** Refuses a port outside 0 to 65535 as a usage error of {@code --port}. */
  public static void checkPort(picocli.CommandLine.Model.CommandSpec spec, int port) {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--port': " + port + " is not a port (0 to 65535; 0 picks a free one)");
    }
  }

  /**
   * Starts the web UI on the workspace file and prints where to open it. Returns once the server
   * listens; the server then keeps the process alive until it is stopped.
   */
  public void startServer(String bind, int port) {
    checkServerSettings();
    String file = workspaceIsPostgres() ? workspaceLocation() : workspacePath().toAbsolutePath().toString();
    // Check the workspace here first: its problems (such as a lock held by another process) get a clear message.
    // A workspace without users gets an admin with a one-time password, so the server is never open to all.
    String firstPassword;
    try (Workspace ws = openExisting()) {
      firstPassword = new Users(ws).ensureFirstAdmin().orElse(null);
    }
    if (firstPassword != null) {
      // Said before the server starts: if it then fails (a port in use), the password is not lost with it.
      out.println("No users yet: sign in as '" + Users.FIRST_ADMIN + "' with the password " + firstPassword
          + " (shown only now; change it under Account). Add people with 'kompass user add'.");
      out.flush();
    }
    if (port != 0) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new java.net.InetSocketAddress(bind, port));
      } catch (java.net.BindException e) {
        boolean inUse = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use");
        throw new WorkspaceException("cannot listen on " + bind + " port " + port + " (" + e.getMessage() + ")" + (inUse
            ? ": another program (perhaps another Kompass) uses it; stop it or choose another port with --port"
            : ": choose another port with --port (below 1024 needs administrator rights) or another address with --bind"));
      } catch (IOException e) {
        throw new WorkspaceException("cannot listen on " + bind + " port " + port + " (" + e.getMessage() + "): check --bind and --port");
      }
    }
    try {
      server = KompassWeb.start(file, bind, port, catalogDir());
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new WorkspaceException("the web server did not start: " + cause.getMessage(), e);
    }
    int actualPort = ((WebServerApplicationContext) server).getWebServer().getPort();
    out.println("Kompass is running at " + url(bind, actualPort) + " (workspace " + shownLocation() + ").");
    if (!isLoopback(bind)) {
      out.println("Note: Kompass listens on " + bind + ", so everyone who can reach this machine on port " + actualPort
          + " sees its sign-in page. Put it behind HTTPS (a reverse proxy) before using it across a network.");
    }
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }

  /** The running web server, if a command started one. */
  public ConfigurableApplicationContext server() {
    return server;
  }

  static String url(String bind, int port) {
    boolean local = isLoopback(bind) || "0.0.0.0".equals(bind) || "::".equals(bind);
    String host = local ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + host + ":" + port;
  }

  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Keeps library logging (Flyway, DuckDB, Spring) out of command output; the web server sets its own levels. */
  static void quietLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  private static Charset consoleCharset() {
    for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
      String name = System.getProperty(property);
      if (name != null && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return Charset.defaultCharset();
  }

  /** The version, from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Kompass " + build().getProperty("version", "(development build)")};
    }
  }

  /** The build's version and when it was built ({@code version}, {@code built}). */
  public static Properties build() {
    Properties properties = new Properties();
    try (InputStream in = Kompass.class.getResourceAsStream("/kompass-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}

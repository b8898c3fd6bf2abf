package io.kompass.app.demo;

import io.kompass.app.Kompass;
import io.kompass.app.ProgressBar;
import io.kompass.app.WorkspaceSettingsOptions;
import io.kompass.app.dashboard.Overview;
import io.kompass.app.people.DemoUsers;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoReport;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceCopy;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code kompass demo}: a generated demo company in the workspace, then the web UI on it. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run Kompass on a generated demo company.",
    descriptionHeading = "%n",
    description = {
      "Generates a demo company into the workspace (teams, reps, accounts, deals and more), then starts the web UI"
          + " unless --no-serve is given. The company is generated once: when the workspace already has deals, they"
          + " are used as they are. The same seed and end date always give the same company."
    },
    optionListHeading = "%nOptions:%n")
public class DemoCommand implements Callable<Integer> {

  static final String DEFAULT_SIZE = "small";

  @ParentCommand Kompass kompass;

  @Mixin WorkspaceSettingsOptions settings;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Size size;

  /** A preset size or an exact number of deals, not both. */
  static final class Size {
    @Option(
        names = "--size",
        paramLabel = "<size>",
        converter = PresetName.class,
        description = "tiny (2,000 deals), small (50,000), medium (1,000,000) or large (10,000,000). Default: "
            + DEFAULT_SIZE + ".")
    String preset;

    @Option(names = "--deals", paramLabel = "<n>", converter = DealCount.class,
        description = "Exactly this many deals instead of a preset size (at least 500).")
    Integer deals;
  }

  @Option(names = "--seed", paramLabel = "<n>", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--end",
      paramLabel = "<YYYY-MM-DD>",
      converter = Day.class,
      description = "Last day of the generated history. Default: today.")
  LocalDate end;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "Port of the web UI. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "<address>",
      defaultValue = "127.0.0.1",
      description = "Address the web UI listens on. Default: ${DEFAULT-VALUE} (this machine only: the demo users have known"
          + " passwords).")
  String bind;

  @Option(names = "--no-serve", description = "Only generate the data; do not start the web UI.")
  boolean noServe;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!noServe) {
      Kompass.checkPort(spec, port);
    }
    PrintWriter out = kompass.out();
    try (Workspace workspace = kompass.openOrCreate(settings)) {
      long deals = Summary.of(workspace, 0).tables().stream()
          .filter(t -> t.table().equals("deals")).mapToLong(Summary.TableCount::rows).sum();
      if (deals > 0) {
        out.println("Workspace " + workspace.location() + " already has data (" + n(deals) + " deals): using it as it is.");
        out.println("For a new demo company, delete that file or choose another with --workspace <file>.");
      } else {
        generate(workspace, out);
        // The web UI shows the overview at once, also when started later.
        Overview.keepDefault(workspace, kompass.catalog());
      }
      if (importedDeals(workspace) > 0) {
        // Demo users have a published password: never in a workspace with a company's own data.
        out.println("It holds imported deals, so no demo users are added (their password is published). Sign in with the"
            + " workspace's own users, or add one with: kompass user add <e-mail> --role admin" + kompass.workspaceHint());
      } else {
        printUsers(DemoUsers.ensure(workspace), out);
      }
    }
    if (noServe) {
      out.println("Open it in the web UI with: kompass serve" + kompass.workspaceHint());
      out.flush();
    } else {
      kompass.startServer(bind, port);
    }
    return Kompass.OK;
  }

  /** Deals that the demo generator did not write (imported from a company's own files). */
  private static long importedDeals(Workspace workspace) {
    try (java.sql.Connection c = workspace.connect();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM deals WHERE source_system <> ?")) {
      ps.setString(1, io.kompass.engine.demo.DemoProfile.SOURCE_SYSTEM);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new io.kompass.engine.workspace.WorkspaceException("cannot read the workspace's deals: " + e.getMessage(), e);
    }
  }

  private void generate(Workspace workspace, PrintWriter out) {
    LocalDate last = end != null ? end : LocalDate.now(workspace.settings().timeZone());
    String preset = size == null || size.deals == null ? (size == null || size.preset == null ? DEFAULT_SIZE : size.preset) : null;
    DemoSpec spec = preset != null ? DemoSpec.preset(preset, seed, last) : new DemoSpec(seed, size.deals, last);
    out.println("Generating a demo company into " + workspace.location() + ": " + n(spec.deals()) + " deals"
        + (preset == null ? "" : " (" + preset + ")") + ", seed " + seed + ", history up to " + last + ".");
    out.flush();
    DemoReport report;
    ProgressBar progress = kompass.progress();
    try {
      if (workspace.isDuckDb()) {
        report = DemoGenerator.generate(workspace, spec, progress);
      } else {
        // The generator writes with DuckDB's Appender; for PostgreSQL it fills a scratch DuckDB that is then copied over in bulk.
        try (Workspace scratch = Workspace.openInMemory("demo-" + System.nanoTime(), workspace.settings())) {
          report = DemoGenerator.generate(scratch, spec, progress);
          WorkspaceCopy.copy(scratch, workspace, progress);
        }
      }
    } finally {
      progress.finish();
    }
    long total = report.rowsPerTable().values().stream().mapToLong(Long::longValue).sum();
    out.println(String.format(Locale.ROOT, "Generated %s rows in %.1f s:", n(total), report.took().toMillis() / 1000.0));
    for (Map.Entry<String, Long> e : report.rowsPerTable().entrySet()) {
      out.println(String.format(Locale.ROOT, "  %-20s %,12d", e.getKey(), e.getValue()));
    }
  }

  /** How to sign in: one demo user per role, with what each sees. */
  static void printUsers(List<DemoUsers.Line> users, PrintWriter out) {
    out.println("Sign in with one of these demo users; the password of each is " + DemoUsers.PASSWORD + ":");
    int width = users.stream().mapToInt(u -> u.email().length()).max().orElse(0);
    for (DemoUsers.Line u : users) {
      String sees = switch (u.role()) {
        case ADMIN -> "everything: all numbers, imports, users";
        case MANAGER -> "all teams and reps, imports";
        case REP -> "own numbers and team-level numbers (" + u.name() + (u.team() == null ? "" : ", team " + u.team()) + ")";
        case VIEWER -> "team-level numbers, read only";
      };
      out.println(String.format(Locale.ROOT, "  %-" + width + "s  %-7s  %s", u.email(), u.role().id(), sees));
    }
    out.flush();
  }

  private static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static final class PresetName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        DemoSpec.preset(value, 0, LocalDate.EPOCH);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a size: choose tiny, small, medium or large");
      }
    }
  }

  /** A number of demo deals: a whole number of at least {@link DemoSpec#MIN_DEALS}. */
  static final class DealCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < DemoSpec.MIN_DEALS) {
        throw new TypeConversionException("'" + value + "' is too few: a demo company needs at least " + DemoSpec.MIN_DEALS
            + " deals, so that renewals and retention show");
      }
      return n;
    }
  }

  /** Reads a date option, saying how to write one when it is not (every date option of the CLI uses it). */
  public static final class Day implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeException e) {
        throw new TypeConversionException("'" + value + "' is not a date: write YYYY-MM-DD, e.g. 2025-06-30");
      }
    }
  }
}

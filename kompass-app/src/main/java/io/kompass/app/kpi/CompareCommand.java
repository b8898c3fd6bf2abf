package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.compare.Comparer;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kompass compare --before a..b --after c..d [ids]}: the guide's before/after table. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Compare KPIs between two periods: values, change, effect and significance.",
    descriptionHeading = "%n",
    description = {
      "For each KPI: the value before and after, the absolute and relative change, whether that is better or worse given the"
          + " KPI's direction, and whether it is distinguishable from noise (two-proportion z-test for rates, Welch t-test for"
          + " means, Mann-Whitney U for medians, a z-test for NPS; p < 0.05).",
      "Without KPI ids, the seven core KPIs are compared.",
      "Example: kompass compare --before 2025-01-01..2025-03-31 --after 2025-04-01..2025-06-30 win_rate sales_cycle_days"
    },
    optionListHeading = "%nOptions:%n")
public class CompareCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Option(names = "--before", required = true, paramLabel = "<from..to>", description = "The first period, e.g. 2025-01-01..2025-03-31.")
  String before;

  @Option(names = "--after", required = true, paramLabel = "<from..to>", description = "The second period.")
  String after;

  @Parameters(paramLabel = "<kpi>", arity = "0..*", description = "KPI ids (default: the core KPIs).")
  List<String> ids = new ArrayList<>();

  @Mixin QueryOptions options;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Each range is one period, over the whole company or the --where filter: options that split it do not apply.
    for (String option : List.of("--from", "--to", "--grain", "--fiscal-start", "--by")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ParameterException(spec.commandLine(), "compare takes --before and --after as one period each; " + option
            + " does not apply (to compare one team, use --where \"team = '...'\")");
      }
    }
    Catalog catalog = kompass.catalog();
    List<String> kpis = ids.isEmpty() ? catalog.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id).toList() : ids;
    LocalDate[] b = range("--before", before);
    LocalDate[] a = range("--after", after);
    Comparison cmp;
    try (Workspace ws = kompass.openExisting()) {
      cmp = new Comparer(KpiEngine.on(ws, catalog)).compare(options.requests(catalog, kpis), b[0], b[1], a[0], a[1], options.filter(), options.minN,
          java.time.LocalDate.now(ws.settings().timeZone()));
    }
    if (format.equals("json")) {
      kompass.printJson(KpiJson.comparison(cmp));
    } else {
      table(cmp, kompass.out(), currencyOf(kompass));
    }
    kompass.out().flush();
    return Kompass.OK;
  }

  private String currencyOf(Kompass k) {
    try (Workspace ws = k.openExisting()) {
      return ws.settings().currency();
    }
  }

  static LocalDate[] range(String option, String text) {
    String[] parts = text.split("\\.\\.");
    try {
      if (parts.length == 2) {
        return new LocalDate[] {LocalDate.parse(parts[0].trim()), LocalDate.parse(parts[1].trim())};
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new QueryException(option + " must be a date range like 2025-01-01..2025-03-31, got '" + text + "'");
  }

  static void table(Comparison cmp, PrintWriter out, String currency) {
    out.println("Before " + cmp.beforeFrom() + " to " + cmp.beforeTo() + ", after " + cmp.afterFrom() + " to " + cmp.afterTo()
        + "; significant means p < " + cmp.alpha() + ".");
    out.println();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("KPI", "before", "n", "after", "n", "change", "effect", "test", "p", "verdict"));
    for (Comparison.Row r : cmp.rows()) {
      String change = change(r.absoluteChange(), r.relativeChange(), r.unit());
      String verdict = !r.effect().judged() ? "not judged" : r.test() == null ? r.note() : r.pValue() == null ? r.note() : r.significant() ? "significant" : "could be noise";
      rows.add(List.of(r.name().en() + (r.variant().equals("default") ? "" : " [" + r.variant() + "]"),
          Values.format(r.before().value(), r.unit(), currency), Long.toString(r.before().n()),
          Values.format(r.after().value(), r.unit(), currency), Long.toString(r.after().n()), change,
          r.effect().name().toLowerCase(Locale.ROOT), r.test() == null ? "" : r.test(),
          r.pValue() == null ? "" : String.format(Locale.ROOT, "%.3f", r.pValue()), verdict == null ? "" : verdict));
    }
    KpiCommand.printAligned(rows, out);
  }

  /**
   * A change in the KPI's unit and, in brackets, relative to the value before. A score such as NPS
   * changes by points only: a percentage of a value that can cross zero means nothing.
   */
  static String change(Double absolute, Double relative, io.kompass.engine.catalog.Unit unit) {
    if (absolute == null) {
      return "";
    }
    return signed(absolute, unit)
        + (relative == null || unit == io.kompass.engine.catalog.Unit.SCORE ? "" : String.format(Locale.ROOT, " (%+.0f%%)", relative * 100));
  }

  /** A change in the KPI's unit, with its sign. */
  static String signed(double d, io.kompass.engine.catalog.Unit unit) {
    return switch (unit) {
      case RATIO -> String.format(Locale.ROOT, "%+.1f pp", d * 100);
      case MONEY, NUMBER -> String.format(Locale.ROOT, "%+,.2f", d);
      case DAYS -> String.format(Locale.ROOT, "%+.1f d", d);
      case SECONDS -> String.format(Locale.ROOT, "%+.0f s", d);
      case COUNT -> String.format(Locale.ROOT, "%+,.0f", d);
      case SCORE -> String.format(Locale.ROOT, "%+.1f", d);
    };
  }
}

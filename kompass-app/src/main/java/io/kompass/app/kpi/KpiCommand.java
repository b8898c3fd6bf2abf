package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass kpi <id>...}: compute KPIs, with their evidence. */
@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Compute KPIs, or list and show the catalog.",
    descriptionHeading = "%n",
    description = {
      "Computes each KPI per period (and per group with --by), with its numerator and denominator, n, 95 %% confidence"
          + " interval, low-volume flag, coverage and the formula and variant used.",
      "Example: kompass kpi win_rate sales_cycle_days --grain quarter --by team --variant sales_cycle_days:p75"
    },
    optionListHeading = "%nOptions:%n",
    subcommands = {KpiListCommand.class, KpiShowCommand.class})
public class KpiCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Parameters(paramLabel = "<kpi>", arity = "0..*", description = "KPI ids, e.g. win_rate revenue.")
  List<String> ids = new ArrayList<>();

  @Mixin QueryOptions options;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() {
    Catalog catalog = kompass.catalog();
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--format must be table, csv or json");
    }
    KpiResult result;
    LocalDate today;
    try (Workspace ws = kompass.openExisting()) {
      today = LocalDate.now(ws.settings().timeZone());
      result = KpiEngine.on(ws, catalog).run(options.query(catalog, ids, today, ws.fiscalStartMonth()));
    }
    switch (format) {
      case "json" -> kompass.printJson(KpiJson.result(result));
      case "csv" -> csv(result, kompass.out());
      default -> table(result, kompass.out(), today);
    }
    kompass.out().flush();
    return Kompass.OK;
  }

  /**
   * The result as aligned text, a table per KPI. Its notes say when a period is still running on
   * {@code today} and when a cohort KPI's period has not settled yet (see {@link KpiSeries#settled}).
   */
  static void table(KpiResult r, PrintWriter out, LocalDate today) {
    out.println("Range " + r.query().from() + " to " + r.query().to() + " by " + r.query().grain().id()
        + (r.query().calendar().fiscalStartMonth() != 1 ? " (fiscal year from month " + r.query().calendar().fiscalStartMonth() + ")" : "")
        + (r.query().filter() == null ? "" : ", where " + io.kompass.engine.expr.ExprPrinter.print(r.query().filter()))
        + "; money in " + r.currency() + ", " + r.conversion() + ".");
    for (KpiSeries s : r.kpis()) {
      out.println();
      out.println(s.name().en() + " (" + s.id() + ", variant " + s.variant() + ")");
      out.println("  " + s.formula().en() + (s.anchor() == null ? "" : "; anchor " + s.anchor()));
      List<String> head = new ArrayList<>(List.of("period"));
      head.addAll(r.dimensions());
      head.addAll(List.of("value", "numerator", "denominator", "n", "95% CI", "coverage", "note"));
      List<List<String>> rows = new ArrayList<>();
      rows.add(head);
      for (Cell c : s.cells()) {
        List<String> row = new ArrayList<>();
        row.add(period(c, r));
        for (String d : r.dimensions()) {
          row.add(c.group().get(d) == null ? "(none)" : c.group().get(d));
        }
        row.add(Values.format(c.value(), s.unit(), r.currency()));
        row.add(Values.number(c.numerator()));
        row.add(Values.number(c.denominator()));
        row.add(Long.toString(c.n()));
        row.add(c.ciLow() == null ? "" : "[" + Values.format(c.ciLow(), s.unit(), r.currency()) + ", " + Values.format(c.ciHigh(), s.unit(), r.currency()) + "]");
        row.add(Values.percent(c.coverage()));
        List<String> notes = new ArrayList<>();
        if (c.noData()) {
          notes.add("no data");
        } else if (c.nothingToDivideBy()) {
          notes.add("nothing to divide by (denominator 0)");
        } else if (c.lowVolume()) {
          notes.add("low volume");
        }
        if (c.excluded() > 0) {
          notes.add(c.excluded() + " left out");
        }
        if (c.converted() > 0) {
          notes.add(c.converted() + " converted");
        }
        if (!today.isBefore(c.period().start()) && today.isBefore(c.period().end())) {
          notes.add("period running");
        }
        if (!s.settled(c.period().end(), today)) {
          notes.add("still settling");
        }
        row.add(String.join(", ", notes));
        rows.add(row);
      }
      printAligned(rows, out);
    }
  }

  static String period(Cell c, KpiResult r) {
    return switch (r.query().grain()) {
      case MONTH -> c.period().start().toString().substring(0, 7);
      case DAY -> c.period().start().toString();
      default -> c.period().start() + ".." + c.period().last();
    };
  }

  static void printAligned(List<List<String>> rows, PrintWriter out) {
    int cols = rows.get(0).size();
    int[] width = new int[cols];
    for (List<String> row : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (int i = 0; i < cols; i++) {
        String cell = row.get(i);
        boolean right = i > 0 && !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-' || cell.charAt(0) == '–');
        String pad = " ".repeat(width[i] - cell.length());
        sb.append(right ? pad + cell : cell + pad).append(i + 1 < cols ? "  " : "");
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  static void csv(KpiResult r, PrintWriter out) {
    List<String> head = new ArrayList<>(List.of("kpi", "variant", "period_start", "period_end"));
    head.addAll(r.dimensions());
    head.addAll(List.of("value", "numerator", "denominator", "n", "ci_low", "ci_high", "low_volume", "included", "excluded", "coverage",
        "converted_rows", "unit", "currency"));
    out.println(String.join(",", head));
    for (KpiSeries s : r.kpis()) {
      for (Cell c : s.cells()) {
        List<String> row = new ArrayList<>(List.of(s.id(), s.variant(), c.period().start().toString(), c.period().last().toString()));
        for (String d : r.dimensions()) {
          row.add(csvText(c.group().get(d)));
        }
        row.addAll(List.of(raw(c.value()), raw(c.numerator()), raw(c.denominator()), Long.toString(c.n()), raw(c.ciLow()), raw(c.ciHigh()),
            Boolean.toString(c.lowVolume()), Long.toString(c.included()), Long.toString(c.excluded()), raw(c.coverage()),
            Long.toString(c.converted()), s.unit().name().toLowerCase(Locale.ROOT), r.currency()));
        out.println(row.stream().collect(Collectors.joining(",")));
      }
    }
  }

  /** A number as spreadsheets read it: every digit Java keeps, never in exponent notation (1.0005534E7 is 10005534.0). */
  static String raw(Double d) {
    if (d == null) {
      return "";
    }
    if (d.isNaN() || d.isInfinite()) {
      return Double.toString(d);
    }
    String plain = new java.math.BigDecimal(Double.toString(d)).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  private static String csvText(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}

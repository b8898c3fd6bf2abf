package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass kpi show <id>}: the definition, formula, variants, parameters and guidance. */
@Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, header = "Show a KPI's definition, formula, variants and guidance.")
public class KpiShowCommand implements Callable<Integer> {

  @ParentCommand KpiCommand parent;

  @Parameters(paramLabel = "<kpi>", description = "The KPI id.")
  String id;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--lang", paramLabel = "<lang>", defaultValue = "en", description = "en or sv. Default: ${DEFAULT-VALUE}.")
  String lang;

  @Override
  public Integer call() {
    Kompass kompass = parent.kompass;
    Catalog catalog = kompass.catalog();
    Kpi k = catalog.kpi(id);
    if (format.equals("json")) {
      kompass.printJson(KpiJson.definition(k, catalog.dimensionsOf(id)));
      return Kompass.OK;
    }
    Locale locale = Locale.forLanguageTag(lang);
    PrintWriter out = kompass.out();
    out.println(k.name().in(locale) + " (" + k.id() + ")");
    out.println("  " + k.description().in(locale));
    out.println();
    out.println(label(locale, "Formula:     ", "Formel:      ") + k.formula().in(locale));
    out.println(label(locale, "Unit:        ", "Enhet:       ") + k.unit().name().toLowerCase(Locale.ROOT) + "; "
        + switch (k.direction()) {
          case HIGHER -> label(locale, "higher is better", "högre är bättre");
          case LOWER -> label(locale, "lower is better", "lägre är bättre");
          case NEUTRAL -> label(locale, "neither higher nor lower is better in itself", "varken högre eller lägre är bättre i sig");
        });
    out.println(label(locale, "Interval:    ", "Intervall:   ") + k.ci().name().toLowerCase(Locale.ROOT));
    out.println(label(locale, "Group by:    ", "Dela upp på: ") + String.join(", ", catalog.dimensionsOf(id)));
    if (!k.terms().isEmpty()) {
      out.println(label(locale, "Terms:", "Termer:"));
      for (Kpi.Term t : k.terms().values()) {
        out.println("  " + t.name() + ": " + t.agg() + (t.expr() == null ? "" : " of " + io.kompass.engine.expr.ExprPrinter.print(t.expr())) + " in " + t.fact()
            + (t.filter() == null ? "" : " where " + io.kompass.engine.expr.ExprPrinter.print(t.filter()))
            + (t.state() != null ? ", in state " + io.kompass.engine.expr.ExprPrinter.print(t.state()) + " at period end"
                : ", by " + io.kompass.engine.expr.ExprPrinter.print(t.anchor()))
            + (t.windowMonths() == null ? "" : ", trailing " + t.windowMonths() + " months")
            + (t.shift() == 1 ? ", previous period" : t.shift() == -1 ? ", next period" : ""));
      }
    }
    if (!k.components().isEmpty()) {
      out.println(label(locale, "Combines:", "Kombinerar:"));
      for (Kpi.Component c : k.components().values()) {
        out.println("  " + c.alias() + " = " + c.kpi() + (c.windowMonths() == null ? "" : " over the trailing " + c.windowMonths() + " months"));
      }
    }
    if (!k.params().isEmpty()) {
      out.println(label(locale, "Parameters:", "Parametrar:"));
      for (Kpi.Param p : k.params().values()) {
        out.println("  " + p.name() + " (" + p.type() + ", default " + (p.defaultValue() == null ? "none" : p.defaultValue()) + "): " + p.description().in(locale));
      }
    }
    out.println(label(locale, "Variants:", "Varianter:"));
    out.println("  default: " + k.formula().in(locale));
    for (Kpi.Variant v : k.variants().values()) {
      out.println("  " + v.id() + " (" + v.label().in(locale) + "): " + v.formula().in(locale));
    }
    Kpi.Guidance g = k.guidance();
    out.println();
    out.println(label(locale, "Why it matters: ", "Varför den spelar roll: ") + g.why().in(locale));
    out.println(label(locale, "Pitfalls:       ", "Fallgropar:     ") + g.pitfalls().in(locale));
    out.println(label(locale, "Read it with:   ", "Läs den med:    ") + String.join(", ", g.readWith()) + ". " + g.readWithWhy().in(locale));
    out.println(label(locale, "If it moves the wrong way: ", "Om den rör sig åt fel håll: ") + g.remedies().in(locale));
    out.flush();
    return Kompass.OK;
  }

  /** A label in the language asked for, like the catalog's texts (English unless Swedish). */
  private static String label(Locale locale, String en, String sv) {
    return new io.kompass.engine.catalog.Text(en, sv).in(locale);
  }
}

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
    boolean sv = locale.getLanguage().equals("sv");
    out.println((sv ? "Formel:      " : "Formula:     ") + k.formula().in(locale));
    out.println((sv ? "Enhet:       " : "Unit:        ") + k.unit().name().toLowerCase(Locale.ROOT) + "; "
        + (sv ? (k.direction() == io.kompass.engine.catalog.Direction.HIGHER ? "högre" : "lägre") + " är bättre"
            : k.direction().name().toLowerCase(Locale.ROOT) + " is better"));
    out.println((sv ? "Intervall:   " : "Interval:    ") + k.ci().name().toLowerCase(Locale.ROOT));
    out.println((sv ? "Dela upp på: " : "Group by:    ") + String.join(", ", catalog.dimensionsOf(id)));
    if (!k.terms().isEmpty()) {
      out.println(sv ? "Termer:" : "Terms:");
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
      out.println(sv ? "Kombinerar:" : "Combines:");
      for (Kpi.Component c : k.components().values()) {
        out.println("  " + c.alias() + " = " + c.kpi() + (c.windowMonths() == null ? "" : " over the trailing " + c.windowMonths() + " months"));
      }
    }
    if (!k.params().isEmpty()) {
      out.println(sv ? "Parametrar:" : "Parameters:");
      for (Kpi.Param p : k.params().values()) {
        out.println("  " + p.name() + " (" + p.type() + ", default " + (p.defaultValue() == null ? "none" : p.defaultValue()) + "): " + p.description().in(locale));
      }
    }
    out.println(sv ? "Varianter:" : "Variants:");
    out.println("  default: " + k.formula().in(locale));
    for (Kpi.Variant v : k.variants().values()) {
      out.println("  " + v.id() + " (" + v.label().in(locale) + "): " + v.formula().in(locale));
    }
    Kpi.Guidance g = k.guidance();
    out.println();
    out.println((sv ? "Varför den spelar roll: " : "Why it matters: ") + g.why().in(locale));
    out.println((sv ? "Fallgropar:     " : "Pitfalls:       ") + g.pitfalls().in(locale));
    out.println((sv ? "Läs den med:    " : "Read it with:   ") + String.join(", ", g.readWith()) + ". " + g.readWithWhy().in(locale));
    out.println((sv ? "Om den rör sig åt fel håll: " : "If it moves the wrong way: ") + g.remedies().in(locale));
    out.flush();
    return Kompass.OK;
  }
}

package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.CatalogDocs;
import io.kompass.engine.catalog.CatalogException;
import io.kompass.engine.catalog.Problem;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kompass catalog validate|docs}. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Check or document the KPI catalog (built-in plus --catalog <folder>).",
    subcommands = {CatalogCommand.Validate.class, CatalogCommand.Docs.class})
public class CatalogCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: validate or docs.");
  }

  /** {@code kompass catalog validate}. */
  @Command(name = "validate", mixinStandardHelpOptions = true, header = "Report catalog mistakes as file:line: message.")
  public static class Validate implements Callable<Integer> {
    @ParentCommand CatalogCommand parent;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      try {
        Catalog c = kompass.loadCatalog();
        kompass.out().println("The catalog is valid: " + c.kpis().size() + " KPIs, " + c.facts().size() + " facts, "
            + c.dimensions().size() + " dimensions" + (kompass.catalogDir() == null ? " (built-in only)." : " (built-in plus " + kompass.catalogDir() + ")."));
        kompass.out().flush();
        return Kompass.OK;
      } catch (CatalogException e) {
        for (Problem p : e.problems()) {
          kompass.err().println(p);
        }
        kompass.err().println(e.problems().size() + " problem(s) in the catalog.");
        kompass.err().flush();
        return Kompass.FAILED;
      }
    }
  }

  /** {@code kompass catalog docs}. */
  @Command(name = "docs", mixinStandardHelpOptions = true, header = "Print the KPI reference (Markdown) for the catalog in use.")
  public static class Docs implements Callable<Integer> {
    @ParentCommand CatalogCommand parent;

    @Override
    public Integer call() {
      parent.kompass.out().print(CatalogDocs.markdown(parent.kompass.catalog()));
      parent.kompass.out().flush();
      return Kompass.OK;
    }
  }
}

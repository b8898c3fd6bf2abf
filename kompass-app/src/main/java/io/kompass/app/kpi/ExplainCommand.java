package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.sql.Dialect;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass explain <id>...}: the SQL a KPI query runs, each planning step named in a comment. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Print the SQL a KPI query runs.",
    descriptionHeading = "%n",
    description = "Each planning step is named in a SQL comment; bound values are listed at the end. Takes the same options as 'kompass kpi'.",
    optionListHeading = "%nOptions:%n")
public class ExplainCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Parameters(paramLabel = "<kpi>", arity = "1..*", description = "KPI ids.")
  List<String> ids = new ArrayList<>();

  @Mixin QueryOptions options;

  @Override
  public Integer call() {
    Catalog catalog = kompass.catalog();
    // Explaining needs no data: the workspace currency only matters when a workspace exists.
    String currency = "EUR";
    int fiscalStart = 1;
    if (kompass.workspaceIsPostgres() || java.nio.file.Files.exists(kompass.workspacePath())) {
      try (var ws = kompass.openExisting()) {
        currency = ws.settings().currency();
        fiscalStart = ws.fiscalStartMonth();
      }
    }
    KpiEngine engine = new KpiEngine(catalog, Dialect.DUCKDB, currency, () -> {
      throw new IllegalStateException("explain does not run queries");
    });
    kompass.out().print(engine.explain(options.query(catalog, ids, LocalDate.now(), fiscalStart)));
    kompass.out().flush();
    return Kompass.OK;
  }
}

package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kompass kpi list}. */
@Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, header = "List the KPIs of the catalog.")
public class KpiListCommand implements Callable<Integer> {

  @ParentCommand KpiCommand parent;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() {
    Kompass kompass = parent.kompass;
    Catalog catalog = kompass.catalog();
    if (format.equals("json")) {
      List<Object> all = new ArrayList<>();
      for (Kpi k : catalog.kpis()) {
        all.add(KpiJson.definition(k, catalog.dimensionsOf(k.id())));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("schema", KpiJson.CATALOG_SCHEMA);
      out.put("kpis", all);
      kompass.printJson(out);
      return Kompass.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("id", "name", "Swedish name", "unit", "better", "group", "variants"));
    for (Kpi k : catalog.kpis()) {
      rows.add(List.of(k.id(), k.name().en(), k.name().sv(), k.unit().name().toLowerCase(Locale.ROOT), k.direction().name().toLowerCase(Locale.ROOT),
          k.group(), String.join(", ", k.variants().keySet())));
    }
    KpiCommand.printAligned(rows, kompass.out());
    kompass.out().println();
    kompass.out().println("Show one with 'kompass kpi show <id>'; compute with 'kompass kpi <id>...'.");
    kompass.out().flush();
    return Kompass.OK;
  }
}

package io.kompass.app.kpi;

import io.kompass.app.Kompass;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import io.kompass.engine.query.QueryException;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.run.Precomputed;
import io.kompass.engine.run.ResultMaps;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code kompass results import|list}: KPI results computed elsewhere (the Spark job), served as if computed here. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Import KPI results computed by the Spark job, so that CLI, API and dashboards show them.",
    subcommands = {ResultsCommand.Import.class, ResultsCommand.ListResults.class})
public class ResultsCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: import or list.");
  }

  /** {@code kompass results import <kpi-result.json>...}. */
  @Command(name = "import", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
      header = "Store kompass.kpi-result/1 documents (written by the Spark job or kompass kpi --format json).",
      description = "A query asking for the same KPIs, periods, grouping and filter is then answered from them until new data is imported.")
  public static class Import implements Callable<Integer> {
    @ParentCommand ResultsCommand parent;

    @Parameters(paramLabel = "<file>", arity = "1..*", description = "Result documents (kpi-result.json).")
    List<Path> files;

    @Option(names = "--computed-by", paramLabel = "<engine>", defaultValue = "spark", description = "What computed them. Default: ${DEFAULT-VALUE}.")
    String computedBy;

    @Override
    public Integer call() throws Exception {
      Kompass kompass = parent.kompass;
      Catalog catalog = kompass.catalog();
      try (Workspace ws = kompass.openExisting();
          Connection c = ws.connect()) {
        for (Path f : files) {
          JsonNode doc;
          KpiQuery query;
          KpiResult result;
          try {
            doc = JsonMapper.builder().build().readTree(Files.readString(f));
            if (!ResultMaps.RESULT_SCHEMA.equals(doc.path("schema").asString(""))) {
              throw new QueryException("it is not a " + ResultMaps.RESULT_SCHEMA + " document; give the kpi-result.json the Spark job"
                  + " writes (or the output of kompass kpi --format json)");
            }
            query = query(doc);
            result = result(catalog, query, doc);
          } catch (tools.jackson.core.JacksonException e) {
            throw new QueryException(f + ": not a JSON document; give the kpi-result.json the Spark job writes (or the output of kompass kpi"
                + " --format json)");
          } catch (RuntimeException e) {
            throw new QueryException(f + ": " + e.getMessage() + (e instanceof QueryException ? "" : " (the document is damaged; write it again)"));
          }
          if (!doc.path("currency").asString("").equals(ws.settings().currency())) {
            throw new QueryException(f + " is in " + doc.path("currency").asString("") + "; the workspace reports in " + ws.settings().currency()
                + ": run the Spark job on this workspace's export, which carries its currency");
          }
          Precomputed.store(c, query, result, computedBy, LocalDateTime.now(ws.settings().timeZone()));
          kompass.out().println(f + ": stored " + query.kpis().size() + " KPI results (" + query.from() + " to " + query.to() + ", by "
              + query.grain().id() + (query.groupBy().isEmpty() ? "" : ", per " + String.join(", ", query.groupBy())) + ").");
        }
      } catch (SQLException e) {
        throw new WorkspaceException("cannot store the results: " + e.getMessage(), e);
      }
      kompass.out().flush();
      return Kompass.OK;
    }
  }

  /** {@code kompass results list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, header = "List the imported results.")
  public static class ListResults implements Callable<Integer> {
    @ParentCommand ResultsCommand parent;

    @Override
    public Integer call() throws Exception {
      Kompass kompass = parent.kompass;
      try (Workspace ws = kompass.openExisting();
          Connection c = ws.connect()) {
        List<Precomputed.Entry> entries = Precomputed.list(c);
        if (entries.isEmpty()) {
          kompass.out().println("No imported results.");
        }
        for (Precomputed.Entry e : entries) {
          kompass.out().println(e.importedAt().withNano(0) + "  " + e.kpi() + " [" + e.variant() + "] by " + e.computedBy() + "  " + e.key());
        }
      }
      kompass.out().flush();
      return Kompass.OK;
    }
  }

  static KpiQuery query(JsonNode doc) {
    JsonNode q = doc.path("query");
    List<KpiRequest> kpis = new ArrayList<>();
    for (JsonNode k : doc.path("kpis")) {
      String variant = k.path("variant").asString("default");
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> p : k.path("params").properties()) {
        JsonNode v = p.getValue();
        if (v.isNull()) {
          continue;
        }
        if (v.isArray()) {
          List<String> items = new ArrayList<>();
          v.forEach(i -> items.add(i.asString()));
          params.put(p.getKey(), String.join(",", items));
        } else {
          params.put(p.getKey(), v.asString());
        }
      }
      kpis.add(new KpiRequest(k.path("id").asString(), variant.equals("default") ? List.of() : List.of(variant.split("\\+")), params));
    }
    List<String> by = new ArrayList<>();
    q.path("group_by").forEach(d -> by.add(d.asString()));
    String filter = q.path("filter").isNull() || q.path("filter").isMissingNode() ? null : q.path("filter").asString();
    String fx = q.path("fx_date").isNull() || q.path("fx_date").isMissingNode() ? null : q.path("fx_date").asString();
    return new KpiQuery(kpis, LocalDate.parse(q.path("from").asString()), LocalDate.parse(q.path("to").asString()),
        new Calendar(Grain.parse(q.path("grain").asString()), q.path("fiscal_year_start_month").asInt(1)), by,
        filter == null ? null : ExprParser.parse(filter), q.path("min_n").asInt(30), fx == null ? null : LocalDate.parse(fx));
  }

  static KpiResult result(Catalog catalog, KpiQuery query, JsonNode doc) {
    List<KpiSeries> series = new ArrayList<>();
    int i = 0;
    for (JsonNode k : doc.path("kpis")) {
      KpiRequest r = query.kpis().get(i++);
      List<Cell> cells = new ArrayList<>();
      for (JsonNode c : k.path("cells")) {
        Map<String, String> group = new LinkedHashMap<>();
        for (String d : query.groupBy()) {
          JsonNode v = c.path("group").path(d);
          group.put(d, v.isNull() || v.isMissingNode() ? null : v.asString());
        }
        JsonNode cov = c.path("coverage");
        cells.add(new Cell(new Period(LocalDate.parse(c.path("period_start").asString()), LocalDate.parse(c.path("period_end").asString()).plusDays(1)),
            group, num(c, "value"), num(c, "numerator"), num(c, "denominator"), c.path("n").asLong(), num(c, "ci_low"), num(c, "ci_high"),
            c.path("low_volume").asBoolean(), cov.path("included").asLong(), cov.path("excluded").asLong(), c.path("converted_rows").asLong(), null,
            Map.of()));
      }
      series.add(KpiSeries.of(catalog.resolve(r.kpi(), r.variants(), r.params()), cells));
    }
    return new KpiResult(query, query.groupBy(), doc.path("currency").asString(), doc.path("conversion").asString(""), series, Duration.ZERO, "imported");
  }

  private static Double num(JsonNode c, String field) {
    JsonNode v = c.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asDouble();
  }
}

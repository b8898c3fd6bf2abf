package io.kompass.app.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The shapes of the JSON answers (docs/json.md, docs/api.md) as OpenAPI schemas, each field with
 * what it means, and the 200 answers of the endpoints that return them. The API's answers are
 * built as maps (the same JSON as the command line's), so the shapes are written out here;
 * {@code ApiSchemasTest} checks every field of real answers against them.
 */
final class ApiSchemas implements OpenApiCustomizer {

  private static final String REF = "#/components/schemas/";

  /** The schema each endpoint answers with. */
  static final Map<String, String> ANSWERS = Map.of(
      "/api/v1/kpis", "KpiResult",
      "/api/v1/comparisons", "KpiComparison",
      "/api/v1/overview", "Overview",
      "/api/v1/me", "MyNumbers");

  @Override
  public void customise(OpenAPI api) {
    Map<String, Schema<?>> schemas = new LinkedHashMap<>();
    Schema<?> texts = new ObjectSchema().addProperty("en", new StringSchema()).addProperty("sv", new StringSchema())
        .description("The same text in English and Swedish");
    schemas.put("Cell", object("One value: a period (and group) of a KPI, with its evidence")
        .addProperty("period_start", new DateSchema().description("First day of the period"))
        .addProperty("period_end", new DateSchema().description("Last day of the period (inclusive)"))
        .addProperty("group", map(new StringSchema(), "The dimension values of the row; null for rows without a value"))
        .addProperty("value", number("The KPI's value; null when there is no data or it is not known"))
        .addProperty("numerator", number("Of a ratio, or the sum behind a mean; null otherwise"))
        .addProperty("denominator", number("Of a ratio, or the count behind a mean; null otherwise"))
        .addProperty("n", new IntegerSchema().format("int64").description("Rows the value rests on"))
        .addProperty("ci_low", number("Lower end of the 95 % confidence interval, null where none applies"))
        .addProperty("ci_high", number("Upper end of the 95 % confidence interval, null where none applies"))
        .addProperty("low_volume", new BooleanSchema().description("n is below the query's min_n"))
        .addProperty("coverage", object("Rows of the population included, and left out for a missing field")
            .addProperty("included", new IntegerSchema().format("int64"))
            .addProperty("excluded", new IntegerSchema().format("int64"))
            .addProperty("share", number("included ÷ (included + excluded)")))
        .addProperty("converted_rows", new IntegerSchema().format("int64").description("Rows whose money was converted from another currency"))
        .addProperty("terms", map(new NumberSchema(), "The value of each of the KPI's terms")));
    Schema<?> kpiFields = object("A KPI as computed: its definition and a cell per period (and group)")
        .addProperty("id", new StringSchema())
        .addProperty("name", texts)
        .addProperty("variant", new StringSchema().description("default, or the applied variants joined by +"))
        .addProperty("formula", texts)
        .addProperty("unit", new StringSchema()._enum(java.util.List.of("ratio", "money", "days", "seconds", "count", "number", "score")))
        .addProperty("direction", new StringSchema().description("higher, lower or neutral: which way is better"))
        .addProperty("ci_method", new StringSchema().description("wilson, mean, quantile, nps or none"))
        .addProperty("anchor", new StringSchema().description("The date that places a row in a period (fact.column)"))
        .addProperty("params", map(new Schema<>(), "The parameter values used"))
        .addProperty("settles_after_days", new IntegerSchema().description("For a cohort KPI, the days after a period's end until its value"
            + " stops changing; null for other KPIs"))
        .addProperty("accrues", new BooleanSchema().description("Whether the value keeps growing while its period runs"))
        .addProperty("cells", new ArraySchema().items(ref("Cell")));
    schemas.put("Kpi", kpiFields);
    schemas.put("KpiResult", object("Schema kompass.kpi-result/1: KPIs with their evidence, as kompass kpi --format json prints them")
        .addProperty("schema", new StringSchema().example("kompass.kpi-result/1"))
        .addProperty("query", object("The query as run")
            .addProperty("from", new DateSchema()).addProperty("to", new DateSchema())
            .addProperty("grain", new StringSchema()).addProperty("fiscal_year_start_month", new IntegerSchema())
            .addProperty("group_by", new ArraySchema().items(new StringSchema()))
            .addProperty("filter", new StringSchema().description("The filter as a condition, or null"))
            .addProperty("min_n", new IntegerSchema()).addProperty("fx_date", new DateSchema()))
        .addProperty("currency", new StringSchema().description("The workspace currency: money is in it"))
        .addProperty("conversion", new StringSchema().description("How money in other currencies was converted"))
        .addProperty("kpis", new ArraySchema().items(ref("Kpi")))
        .addProperty("took_ms", new IntegerSchema().format("int64"))
        .addProperty("source", new StringSchema().description("What computed the numbers, and whether they were kept or read from a history")));
    Schema<?> range = object("A range of days, both inclusive").addProperty("from", new DateSchema()).addProperty("to", new DateSchema());
    schemas.put("ComparisonRow", object("One KPI before and after")
        .addProperty("id", new StringSchema()).addProperty("name", texts).addProperty("variant", new StringSchema())
        .addProperty("unit", new StringSchema()).addProperty("direction", new StringSchema())
        .addProperty("before", ref("Cell")).addProperty("after", ref("Cell"))
        .addProperty("absolute_change", number("after − before"))
        .addProperty("relative_change", number("The change as a share of the before value; null when it is 0"))
        .addProperty("effect", new StringSchema().description("better, worse, unchanged, unknown, settling, running or unequal"))
        .addProperty("test", new StringSchema().description("The significance test used, or null (then note says why)"))
        .addProperty("p_value", number("The test's p-value"))
        .addProperty("significant", new BooleanSchema().description("p_value below alpha"))
        .addProperty("note", new StringSchema()));
    schemas.put("KpiComparison", object("Schema kompass.kpi-comparison/1: the before/after table, as kompass compare --format json prints it")
        .addProperty("schema", new StringSchema().example("kompass.kpi-comparison/1"))
        .addProperty("before", range).addProperty("after", range)
        .addProperty("alpha", number("The significance level"))
        .addProperty("kpis", new ArraySchema().items(ref("ComparisonRow"))));
    Schema<?> filters = object("The dashboard filters applied")
        .addProperty("from", new DateSchema()).addProperty("to", new DateSchema()).addProperty("grain", new StringSchema())
        .addProperty("fiscal_year_start_month", new IntegerSchema())
        .addProperty("dimensions", map(new StringSchema(), "team, region, product, channel: the value chosen for each filtered one"));
    schemas.put("Tile", object("A focus KPI on a dashboard: its latest period against the one before, and every period")
        .addProperty("id", new StringSchema()).addProperty("name", texts).addProperty("unit", new StringSchema())
        .addProperty("direction", new StringSchema()).addProperty("variant", new StringSchema())
        .addProperty("available", new BooleanSchema().description("false when the filters cannot apply to the KPI"))
        .addProperty("not_filterable_by", new ArraySchema().items(new StringSchema()))
        .addProperty("current", ref("Cell")).addProperty("previous", ref("Cell"))
        .addProperty("absolute_change", number(null)).addProperty("relative_change", number(null))
        .addProperty("effect", new StringSchema().description("better, worse, same, changed, noise, unknown, settling or running"))
        .addProperty("days_so_far", new IntegerSchema().description("The day of the latest period that today is, while it runs; else null"))
        .addProperty("days_in_period", new IntegerSchema())
        .addProperty("target", number("The team's target for the latest period, or null"))
        .addProperty("withheld", new BooleanSchema().description("Values withheld from this user (a KPI that counts reps themselves)"))
        .addProperty("cells", new ArraySchema().items(ref("Cell")))
        .addProperty("team", new ArraySchema()
            .items(object(null).addProperty("period_start", new DateSchema()).addProperty("reps", new IntegerSchema())
                .addProperty("q1", number(null)).addProperty("median", number(null)).addProperty("q3", number(null))
                .addProperty("of", new StringSchema().description("team, or all_reps")))
            .description("My numbers: per period, the team's (or all reps') median and quartiles")));
    schemas.put("Overview", object("Schema kompass.overview/1: what the Overview page shows")
        .addProperty("schema", new StringSchema().example("kompass.overview/1"))
        .addProperty("filters", filters).addProperty("currency", new StringSchema())
        .addProperty("focus", new ArraySchema().items(new StringSchema()))
        .addProperty("advised_max", new IntegerSchema()).addProperty("too_many", new BooleanSchema())
        .addProperty("tiles", new ArraySchema().items(ref("Tile")))
        .addProperty("data_version", new IntegerSchema().format("int64").description("Changes whenever new data arrives")));
    schemas.put("MyNumbers", object("Schema kompass.my-numbers/1: the signed-in user and, for a rep, their numbers next to their team's")
        .addProperty("schema", new StringSchema().example("kompass.my-numbers/1"))
        .addProperty("user", object(null).addProperty("email", new StringSchema()).addProperty("name", new StringSchema())
            .addProperty("role", new StringSchema()).addProperty("rep_id", new StringSchema()))
        .addProperty("rep", object("The rep shown, or null").addProperty("id", new StringSchema()).addProperty("name", new StringSchema())
            .addProperty("team", new StringSchema()))
        .addProperty("filters", filters).addProperty("currency", new StringSchema())
        .addProperty("kpis", new ArraySchema().items(ref("Tile")))
        .addProperty("not_by_rep", new ArraySchema().items(new StringSchema()))
        .addProperty("not_filterable", new ArraySchema().items(new StringSchema()))
        .addProperty("data_version", new IntegerSchema().format("int64")));
    schemas.forEach((name, schema) -> api.getComponents().addSchemas(name, schema));
    ANSWERS.forEach((path, schema) -> {
      PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
      Operation get = item == null ? null : item.getGet();
      if (get != null) {
        get.getResponses().addApiResponse("200", new ApiResponse().description("OK")
            .content(new Content().addMediaType("application/json", new MediaType().schema(ref(schema)))));
      }
    });
  }

  private static ObjectSchema object(String description) {
    ObjectSchema o = new ObjectSchema();
    o.setDescription(description);
    return o;
  }

  private static Schema<?> map(Schema<?> values, String description) {
    return new ObjectSchema().additionalProperties(values).description(description);
  }

  private static Schema<?> number(String description) {
    return new NumberSchema().description(description);
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref(REF + name);
  }
}

package io.kompass.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.expr.ExprParser;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.run.ResultMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark job: computes KPIs over a workspace export and writes the result as JSON (the
 * {@code kompass.kpi-result/1} document the app imports), CSV or Parquet. See docs/spark.md.
 *
 * <pre>
 * spark-submit --class io.kompass.spark.SparkKpiJob kompass-spark-all.jar \
 *   --data s3a://lake/kompass --out s3a://lake/kompass-results --format json \
 *   --from 2024-01-01 --to 2026-12-31 --grain month --by team win_rate revenue sales_cycle_days:p75
 * </pre>
 */
public final class SparkKpiJob {

  private SparkKpiJob() {}

  /** The parsed arguments. */
  record Args(Path data, Path out, String format, String master, LocalDate from, LocalDate to, Grain grain, int fiscalStart, List<String> by,
      String where, int minN, LocalDate fxDate, Path catalog, List<KpiRequest> kpis) {}

  public static void main(String[] argv) throws IOException {
    Args a;
    try {
      a = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("kompass-spark: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    Catalog catalog = a.catalog() == null ? Catalog.builtin() : Catalog.load(a.catalog());
    SparkSession.Builder builder = SparkSession.builder().appName("kompass-kpis");
    if (a.master() != null) {
      builder.master(a.master()).config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC");
    }
    SparkSession spark = builder.getOrCreate();
    try (SparkKpiEngine engine = SparkKpiEngine.on(spark, a.data(), catalog)) {
      KpiQuery q = new KpiQuery(a.kpis(), a.from(), a.to(), new Calendar(a.grain(), a.fiscalStart()), a.by(),
          a.where() == null ? null : ExprParser.parse(a.where()), a.minN(), a.fxDate());
      KpiResult result = engine.run(q);
      write(spark, result, a.out(), a.format());
      System.out.println("kompass-spark: wrote " + result.kpis().stream().mapToInt(s -> s.cells().size()).sum() + " cells of "
          + result.kpis().size() + " KPIs to " + a.out() + " (" + a.format() + ") in " + result.took().toMillis() + " ms");
    } finally {
      if (a.master() != null) {
        spark.stop();
      }
    }
  }

  static void write(SparkSession spark, KpiResult result, Path out, String format) throws IOException {
    Files.createDirectories(out);
    switch (format) {
      case "json" -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("kpi-result.json").toFile(), ResultMaps.result(result));
      case "csv" -> Files.write(out.resolve("kpi-result.csv"), csv(result));
      case "parquet" -> spark.createDataFrame(rows(result), schema(result)).coalesce(1).write().mode(SaveMode.Overwrite)
          .parquet(out.resolve("kpi-result.parquet").toString());
      default -> throw new IllegalArgumentException("--format must be json, csv or parquet");
    }
  }

  static List<String> csv(KpiResult r) {
    List<String> lines = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("kpi", "variant", "period_start", "period_end"));
    head.addAll(r.dimensions());
    head.addAll(List.of("value", "numerator", "denominator", "n", "ci_low", "ci_high", "low_volume", "included", "excluded", "converted_rows"));
    lines.add(String.join(",", head));
    for (KpiSeries s : r.kpis()) {
      for (Cell c : s.cells()) {
        List<String> row = new ArrayList<>(List.of(s.id(), s.variant(), c.period().start().toString(), c.period().last().toString()));
        for (String d : r.dimensions()) {
          String v = c.group().get(d);
          row.add(v == null ? "" : v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        for (Double d : new Double[] {c.value(), c.numerator(), c.denominator()}) {
          row.add(d == null ? "" : Double.toString(d));
        }
        row.add(Long.toString(c.n()));
        row.add(c.ciLow() == null ? "" : Double.toString(c.ciLow()));
        row.add(c.ciHigh() == null ? "" : Double.toString(c.ciHigh()));
        row.addAll(List.of(Boolean.toString(c.lowVolume()), Long.toString(c.included()), Long.toString(c.excluded()), Long.toString(c.converted())));
        lines.add(String.join(",", row));
      }
    }
    return lines;
  }

  static StructType schema(KpiResult r) {
    StructType t = new StructType().add("kpi", DataTypes.StringType).add("variant", DataTypes.StringType)
        .add("period_start", DataTypes.DateType).add("period_end", DataTypes.DateType);
    for (String d : r.dimensions()) {
      t = t.add(d, DataTypes.StringType);
    }
    return t.add("value", DataTypes.DoubleType).add("numerator", DataTypes.DoubleType).add("denominator", DataTypes.DoubleType)
        .add("n", DataTypes.LongType).add("ci_low", DataTypes.DoubleType).add("ci_high", DataTypes.DoubleType)
        .add("low_volume", DataTypes.BooleanType).add("included", DataTypes.LongType).add("excluded", DataTypes.LongType)
        .add("converted_rows", DataTypes.LongType);
  }

  static List<Row> rows(KpiResult r) {
    List<Row> out = new ArrayList<>();
    for (KpiSeries s : r.kpis()) {
      for (Cell c : s.cells()) {
        List<Object> v = new ArrayList<>(List.of(s.id(), s.variant(), c.period().start(), c.period().last()));
        for (String d : r.dimensions()) {
          v.add(c.group().get(d));
        }
        v.add(c.value());
        v.add(c.numerator());
        v.add(c.denominator());
        v.add(c.n());
        v.add(c.ciLow());
        v.add(c.ciHigh());
        v.add(c.lowVolume());
        v.add(c.included());
        v.add(c.excluded());
        v.add(c.converted());
        out.add(RowFactory.create(v.toArray()));
      }
    }
    return out;
  }

  static Args parse(String[] argv) {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    List<String> params = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      if (s.startsWith("--")) {
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException(s + " needs a value");
        }
        if (s.equals("--param")) {
          params.add(argv[++i]);
        } else {
          opts.put(s.substring(2), argv[++i]);
        }
      } else {
        ids.add(s);
      }
    }
    for (String required : List.of("data", "out", "from", "to")) {
      if (!opts.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("name at least one KPI, e.g. win_rate or sales_cycle_days:p75");
    }
    Map<String, List<String>> variants = new LinkedHashMap<>();
    Map<String, Map<String, String>> paramsFor = new LinkedHashMap<>();
    for (String id : ids) {
      String kpi = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
      variants.put(kpi, id.contains(":") ? List.of(id.substring(id.indexOf(':') + 1).split("\\+")) : List.of());
      paramsFor.put(kpi, new LinkedHashMap<>());
    }
    for (String p : params) {
      int colon = p.indexOf(':');
      int eq = p.indexOf('=');
      if (colon < 0 || eq < colon) {
        throw new IllegalArgumentException("--param must read kpi:name=value, got " + p);
      }
      String kpi = p.substring(0, colon);
      if (!paramsFor.containsKey(kpi)) {
        throw new IllegalArgumentException("--param " + p + " names a KPI that is not asked for");
      }
      paramsFor.get(kpi).put(p.substring(colon + 1, eq), p.substring(eq + 1));
    }
    List<KpiRequest> kpis = new ArrayList<>();
    variants.forEach((k, v) -> kpis.add(new KpiRequest(k, v, paramsFor.get(k))));
    String format = opts.getOrDefault("format", "json").toLowerCase(Locale.ROOT);
    return new Args(Path.of(opts.get("data")), Path.of(opts.get("out")), format, opts.get("master"), LocalDate.parse(opts.get("from")),
        LocalDate.parse(opts.get("to")), Grain.parse(opts.getOrDefault("grain", "month")), Integer.parseInt(opts.getOrDefault("fiscal-start", "1")),
        opts.containsKey("by") ? List.of(opts.get("by").split(",")) : List.of(), opts.get("where"), Integer.parseInt(opts.getOrDefault("min-n", "30")),
        opts.containsKey("fx-date") ? LocalDate.parse(opts.get("fx-date")) : null, opts.containsKey("catalog") ? Path.of(opts.get("catalog")) : null,
        kpis);
  }

  static String usage() {
    return "usage: SparkKpiJob --data <export dir> --out <dir> --from YYYY-MM-DD --to YYYY-MM-DD [--grain month] [--fiscal-start 1] "
        + "[--by dim,dim] [--where cond] [--min-n 30] [--fx-date D] [--catalog dir] [--format json|csv|parquet] [--master local[*]] "
        + "[--param kpi:name=value] kpi[:variant[+variant]]...";
  }
}

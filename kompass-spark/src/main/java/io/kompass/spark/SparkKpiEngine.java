package io.kompass.spark;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.plan.Plan;
import io.kompass.engine.plan.Planner;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.sql.Dialect;
import io.kompass.engine.sql.Rendered;
import io.kompass.engine.sql.SqlRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs KPI queries with Spark SQL over the Parquet files of a workspace export. */
public final class SparkKpiEngine implements AutoCloseable {

  private final SparkSession spark;
  private final Catalog catalog;
  private final String currency;
  private final boolean ownsSession;

  private SparkKpiEngine(SparkSession spark, Catalog catalog, String currency, boolean ownsSession) {
    this.spark = spark;
    this.catalog = catalog;
    this.currency = currency;
    this.ownsSession = ownsSession;
  }

  /** A local Spark ({@code local[cores]}) with settings suited to KPI queries, on the export in {@code data}. */
  public static SparkKpiEngine local(Path data, Catalog catalog, int cores) {
    SparkSession spark = SparkSession.builder()
        .appName("kompass")
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .getOrCreate();
    return new SparkKpiEngine(spark, catalog, register(spark, data), true);
  }

  /** On an existing session (e.g. under spark-submit); registers the export's tables as views. */
  public static SparkKpiEngine on(SparkSession spark, Path data, Catalog catalog) {
    spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
    return new SparkKpiEngine(spark, catalog, register(spark, data), false);
  }

  /** Registers every {@code <table>.parquet} of the export as a temporary view; returns the workspace currency. */
  static String register(SparkSession spark, Path data) {
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("no export at " + data + "; make one with: kompass export --parquet " + data);
    }
    for (String table : Export.TABLES) {
      Path file = data.resolve(table + ".parquet");
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(data + " has no " + table + ".parquet; export the workspace again with: kompass export --parquet " + data);
      }
      spark.read().parquet(file.toString()).createOrReplaceTempView(table);
    }
    List<Row> currency = spark.sql("SELECT value FROM workspace_settings WHERE key = 'currency'").collectAsList();
    return currency.isEmpty() ? "EUR" : currency.get(0).getString(0);
  }

  public String currency() {
    return currency;
  }

  public Catalog catalog() {
    return catalog;
  }

  public SparkSession session() {
    return spark;
  }

  /** The query in Spark SQL, with its bound values. */
  public Rendered render(KpiQuery query) {
    return SqlRenderer.render(new Planner(catalog, currency).plan(query).query(), Dialect.SPARK);
  }

  public KpiResult run(KpiQuery query) {
    long start = System.nanoTime();
    Plan plan = new Planner(catalog, currency).plan(query);
    Rendered r = SqlRenderer.render(plan.query(), Dialect.SPARK);
    Dataset<Row> rows = spark.sql(r.sql(), named(r.binds()));
    Iterator<Row> it = rows.collectAsList().iterator();
    Row[] current = new Row[1];
    try {
      return KpiEngine.assemble(plan, query, () -> {
        if (!it.hasNext()) {
          return false;
        }
        current[0] = it.next();
        return true;
      }, column -> current[0].get(current[0].fieldIndex(column)), currency, start, "computed by spark");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the Spark result: " + e.getMessage(), e);
    }
  }

  /** The bound values as Spark's named parameters p1, p2, ... (see {@link Dialect#SPARK}). */
  static java.util.Map<String, Object> named(List<Object> binds) {
    java.util.Map<String, Object> out = new java.util.HashMap<>();
    for (int i = 0; i < binds.size(); i++) {
      out.put("p" + (i + 1), binds.get(i));
    }
    return out;
  }

  @Override
  public void close() {
    if (ownsSession) {
      spark.stop();
    }
  }
}

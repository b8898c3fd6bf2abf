package io.kompass.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.conformance.ConformanceCases;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.SmallCompany;
import io.kompass.engine.workspace.ParquetExport;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The same KPI queries give the same answers on Spark (local[2], over a Parquet export) as on DuckDB. */
class SparkConformanceTest {

  static final Settings SETTINGS = new Settings("EUR", ZoneId.of("Europe/Stockholm"));
  @TempDir static Path dir;
  static Workspace small;
  static Workspace demo;
  static SparkKpiEngine smallSpark;
  static SparkKpiEngine demoSpark;
  static Catalog catalog = Catalog.builtin();

  @BeforeAll
  static void load() {
    small = SmallCompany.create(dir, "spark-small");
    ParquetExport.export(small, dir.resolve("small-lake"), Progress.NONE);
    demo = Workspace.openInMemory("spark-demo", SETTINGS);
    DemoGenerator.generate(demo, new DemoSpec(11, 8_000, LocalDate.of(2025, 6, 30)), Progress.NONE);
    ParquetExport.export(demo, dir.resolve("demo-lake"), Progress.NONE);
    smallSpark = SparkKpiEngine.local(dir.resolve("small-lake"), catalog, 2);
    demoSpark = SparkKpiEngine.on(smallSpark.session().newSession(), dir.resolve("demo-lake"), catalog);
  }

  @AfterAll
  static void close() {
    smallSpark.close();
    small.close();
    demo.close();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGivesTheSameAnswerAsDuckDb() {
    List<DynamicTest> tests = new ArrayList<>();
    add(tests, "small company", small, () -> smallSpark, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30));
    add(tests, "demo", demo, () -> demoSpark, LocalDate.of(2023, 7, 1), LocalDate.of(2025, 6, 30));
    return tests.stream();
  }

  private void add(List<DynamicTest> tests, String data, Workspace duck, java.util.function.Supplier<SparkKpiEngine> spark, LocalDate from, LocalDate to) {
    for (ConformanceCases.Case c : ConformanceCases.all(catalog, from, to)) {
      tests.add(DynamicTest.dynamicTest(data + ": " + c.name(), () -> {
        var expected = KpiEngine.on(duck, catalog).run(c.query());
        var actual = spark.get().run(c.query());
        assertThat(ConformanceCases.differences(expected, actual)).as(c.name()).isEmpty();
      }));
    }
  }
}

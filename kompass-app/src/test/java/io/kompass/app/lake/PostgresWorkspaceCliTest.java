package io.kompass.app.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import io.kompass.engine.conformance.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on a PostgreSQL workspace: demo, KPIs, export for Spark and copying back to DuckDB. */
class PostgresWorkspaceCliTest {

  @TempDir Path dir;

  @Test
  void demoKpisExportAndCopyWorkOnPostgres() throws Exception {
    String pg = EmbeddedPostgresServer.newDatabase();
    Result demo = KompassCli.run("demo", "--size", "tiny", "--no-serve", "--end", "2025-06-30", "--workspace", pg);
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("Generated");

    Result kpi = KompassCli.run("kpi", "win_rate", "--workspace", pg, "--from", "2025-01-01", "--to", "2025-06-30", "--format", "csv");
    assertThat(kpi.exitCode()).as(kpi.err()).isZero();
    assertThat(kpi.outLines()).hasSize(7).first().asString().startsWith("kpi,variant,period_start");

    Result export = KompassCli.run("export", "--parquet", dir.resolve("lake").toString(), "--workspace", pg);
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).startsWith("Exported ");
    assertThat(dir.resolve("lake/deals.parquet")).exists();
    assertThat(dir.resolve("lake/deal_stage_history.parquet")).exists();

    Path copy = dir.resolve("copy.duckdb");
    Result copied = KompassCli.run("copy", copy.toString(), "--workspace", pg);
    assertThat(copied.exitCode()).as(copied.err()).isZero();
    Result again = KompassCli.run("kpi", "win_rate", "--workspace", copy.toString(), "--from", "2025-01-01", "--to", "2025-06-30", "--format", "csv");
    assertThat(again.out()).isEqualTo(kpi.out());

    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    String pg2 = EmbeddedPostgresServer.newDatabase() + "&password=secret";
    Result imported = KompassCli.run("import", in.toString(), "--workspace", pg2);
    assertThat(imported.exitCode()).as(imported.err()).isEqualTo(Kompass.QUARANTINED);
    assertThat(imported.out()).contains("deals: read 3 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 1");
    Result quality = KompassCli.run("quality", "--workspace", pg2);
    assertThat(quality.exitCode()).as(quality.err()).isZero();
    assertThat(quality.out()).contains("12abc");
    Result status = KompassCli.run("status", "--workspace", pg2);
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("password=***").doesNotContain("password=secret");

    Result intoFull = KompassCli.run("copy", copy.toString(), "--workspace", pg);
    assertThat(intoFull.exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(intoFull.err()).contains("already holds data");
    assertThat(Files.exists(copy)).isTrue();
  }
}

package io.kompass.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.SmallCompany;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports into a PostgreSQL workspace keep every guarantee of the DuckDB import. */
class PostgresImportTest {

  static final Settings SETTINGS = new Settings("EUR", ZoneId.of("Europe/Stockholm"));
  @TempDir Path dir;

  ImportReport importInto(Workspace ws, Path... files) {
    return new CanonicalImport(ws, new ImportOptions("test", LocalDateTime.of(2024, 6, 1, 0, 0)), Progress.NONE).run(List.of(files));
  }

  @Test
  void aFolderImportedIntoPostgresGivesTheSameKpisAsOnDuckDb() throws Exception {
    try (Workspace duck = SmallCompany.create(dir, "pg-import-reference");
        Workspace pg = Workspace.openPostgres(EmbeddedPostgresServer.newDatabase(), null, null, SETTINGS)) {
      ImportReport report = importInto(pg, dir);
      assertThat(report.quarantined()).isZero();
      assertThat(count(pg, "SELECT count(*) FROM deals")).isEqualTo(8);
      assertThat(count(pg, "SELECT count(*) FROM deal_stage_history")).isEqualTo(count(duck, "SELECT count(*) FROM deal_stage_history"));
      Catalog catalog = Catalog.builtin();
      for (ConformanceCases.Case c : ConformanceCases.all(catalog, java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 6, 30))) {
        assertThat(ConformanceCases.differences(KpiEngine.on(duck, catalog).run(c.query()), KpiEngine.on(pg, catalog).run(c.query())))
            .as(c.name()).isEmpty();
      }
      ImportReport again = importInto(pg, dir);
      assertThat(again.files()).allSatisfy(f -> assertThat(f.unchanged()).isEqualTo(f.loaded()));
      assertThat(count(pg, "SELECT count(*) FROM import_runs WHERE status = 'done'")).isEqualTo(2);
    }
  }

  @Test
  void badRowsAreQuarantinedAndAFailedBatchLeavesPostgresAsItWas() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("reps.csv"), "id,name\nR1,Anna\n");
    Files.writeString(in.resolve("deals.csv"), "id,stage,status,amount,currency,created_at,owner_id\nD1,New,open,10,EUR,2024-01-01,R1\nD2,New,open,x,EUR,2024-01-01,R1\n");
    try (Workspace pg = Workspace.openPostgres(EmbeddedPostgresServer.newDatabase(), null, null, SETTINGS)) {
      ImportReport report = importInto(pg, in);
      assertThat(report.quarantined()).isEqualTo(1);
      assertThat(count(pg, "SELECT count(*) FROM quarantine WHERE line = 3 AND field = 'amount'")).isEqualTo(1);
      Files.writeString(in.resolve("deals.csv"), "id,name\nD3,no stage\n");
      assertThatThrownBy(() -> importInto(pg, in)).isInstanceOf(ImportFailedException.class).hasMessageContaining("nothing from it was saved");
      assertThat(count(pg, "SELECT count(*) FROM deals")).isEqualTo(1);
      assertThat(count(pg, "SELECT count(*) FROM quarantine")).isEqualTo(1);
    }
  }

  @Test
  void aStageOverrideIsRememberedInPostgres() throws Exception {
    Path opps = dir.resolve("Opportunity.csv");
    Files.writeString(opps, "Id,Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,CurrencyIsoCode\n"
        + "006A2,Globex deal,005B9,Verbal Yes,500,2024-06-30,false,false,2024-02-02T09:00:00.000+0000,EUR\n");
    try (Workspace pg = Workspace.openPostgres(EmbeddedPostgresServer.newDatabase(), null, null, SETTINGS)) {
      new CanonicalImport(pg, ImportOptions.defaults(LocalDateTime.of(2024, 7, 1, 0, 0)).withStages(java.util.Map.of("Verbal Yes", "won")),
          Progress.NONE).run(List.of(opps));
      ImportReport later = new CanonicalImport(pg, ImportOptions.defaults(LocalDateTime.of(2024, 7, 2, 0, 0)), Progress.NONE).run(List.of(opps));
      assertThat(later.warnings()).singleElement().asString().contains("'verbal yes' = won (import #1)");
      assertThat(count(pg, "SELECT count(*) FROM deals WHERE status = 'won'")).isEqualTo(1);
      assertThat(count(pg, "SELECT count(*) FROM stage_overrides WHERE source_system = 'salesforce'")).isEqualTo(1);
    }
  }

  static long count(Workspace ws, String sql) throws Exception {
    try (Connection c = ws.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

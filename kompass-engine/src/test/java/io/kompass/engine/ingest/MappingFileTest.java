package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping files: lookups, constants, value maps, filters, dry runs, and errors that name the key. */
class MappingFileTest {

  @TempDir Path dir;
  Workspace ws;
  static int counter;

  @BeforeEach
  void open() {
    ws = Workspace.openInMemory("mapping" + (counter++), new Settings("SEK", ZoneId.of("Europe/Stockholm")));
  }

  @AfterEach
  void close() {
    ws.close();
  }

  Path write(String name, String... lines) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  ImportReport run(Path mapping, boolean dry, Path... files) {
    return new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 1, 1, 0, 0)).withMapping(mapping).withDryRun(dry), Progress.NONE)
        .run(List.of(files));
  }

  List<List<String>> rows(String sql) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = ws.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  Path sheet() throws Exception {
    write("people.csv", "Namn,E-post,Team,Region", "Anna Berg,anna@x.se,Nord,North", "Jonas Ek,jonas@x.se,Nord,North", "Eva Lind,eva@x.se,Syd,");
    write("pipeline.csv",
        "Affärs-ID;Kund;Säljare;Värde;Skapad;Stängd;Steg;Status",
        "1;Acme AB;anna berg;1 250,50;03.02.2024;28.03.2024;Vunnen;Aktiv",
        "2;Globex;Jonas Ek;800;14.02.2024;;Offert;Aktiv",
        "3;Initech;Eva Lind;99;20.02.2024;;Offert;Raderad",
        "4;Umbrella;Nobody;10;21.02.2024;;Offert;Aktiv");
    return write("sheet.yaml",
        "name: Sales sheet",
        "source_system: sheet",
        "id_prefix: sheet-",
        "files: {deals: pipeline.csv, people: people.csv}",
        "stages:",
        "  - {stage: Offert, status: open, probability: 0.4}",
        "  - {stage: Vunnen, status: won}",
        "load:",
        "  - table: teams",
        "    file: people",
        "    distinct: true",
        "    columns: {id: Team, name: Team, region: {column: Region, default: Nordics}}",
        "  - table: reps",
        "    file: people",
        "    columns: {id: E-post, name: Namn, email: E-post, team_id: Team}",
        "  - table: deals",
        "    file: deals",
        "    where: \"Status <> 'Raderad'\"",
        "    join:",
        "      person: {file: people, on: {Säljare: Namn}}",
        "    columns:",
        "      id: [Deal ID, Affärs-ID]",
        "      name: Kund",
        "      stage: Steg",
        "      status: {value: open}",
        "      amount: Värde",
        "      currency: {value: EUR}",
        "      created_at: Skapad",
        "      close_date: Stängd",
        "      owner_id: {join: person, column: E-post}",
        "      account_id: {column: Kund, by_name: true}",
        "      channel: {column: Källa, default: unknown}");
  }

  @Test
  void mapsSeveralFilesWithLookupsFiltersValueMapsAndStages() throws Exception {
    write("currency_rates.csv", "rate_date,currency,rate", "2024-01-01,EUR,11.5");
    new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 1, 1, 0, 0)), Progress.NONE).run(List.of(dir.resolve("currency_rates.csv")));
    ImportReport r = run(sheet(), false, dir);

    assertThat(r.files()).extracting(FileReport::table, FileReport::read, FileReport::loaded)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("teams", 2L, 2L),
            org.assertj.core.groups.Tuple.tuple("reps", 3L, 3L),
            org.assertj.core.groups.Tuple.tuple("pipeline_stages", 2L, 2L),
            org.assertj.core.groups.Tuple.tuple("accounts", 3L, 3L),
            org.assertj.core.groups.Tuple.tuple("deals", 3L, 3L));
    // The deleted deal is left out by the load's where, and said so; the folder's other data file is not imported, and said so.
    assertThat(r.files().get(4).skipped()).isEqualTo(1);
    assertThat(r.warnings()).contains("folder " + dir + ": not imported, as the mapping sheet.yaml does not use them: currency_rates.csv;"
        + " import canonical files in a run of their own");
    // The lookup that found nothing is said, not only left to the quality report's "deal without owner".
    assertThat(r.warnings()).contains("pipeline.csv: 1 row finds nothing in people.csv for the lookup 'person' (e.g. 'Nobody');"
        + " the values taken from it are empty for it");
    assertThat(rows("SELECT id, region FROM teams ORDER BY id")).containsExactly(List.of("sheet-Nord", "North"), List.of("sheet-Syd", "Nordics"));
    assertThat(rows("SELECT id, status, CAST(amount AS VARCHAR), owner_id, channel, CAST(closed_at AS VARCHAR) FROM deals ORDER BY id"))
        .containsExactly(
            List.of("sheet-1", "won", "1250.50", "sheet-anna@x.se", "unknown", "2024-03-28 00:00:00"),
            java.util.Arrays.asList("sheet-2", "open", "800.00", "sheet-jonas@x.se", "unknown", null),
            // Nobody is not in people.csv: the lookup finds no e-mail, so the deal has no owner.
            java.util.Arrays.asList("sheet-4", "open", "10.00", null, "unknown", null));
    assertThat(rows("SELECT line, reason FROM quarantine")).isEmpty();
    assertThat(rows("SELECT stage, status, position, CAST(probability AS VARCHAR) FROM pipeline_stages ORDER BY position"))
        .containsExactly(java.util.Arrays.asList("Offert", "open", "1", "0.4"), java.util.Arrays.asList("Vunnen", "won", "2", null));
  }

  @Test
  void rowsOfTheWrongShapeAreQuarantinedOnceWhateverTheFilterAndAreNotUsedInJoins() throws Exception {
    write("pipeline.csv", "id,stage,product,created,kind", "D1,Won,P1,2024-01-01,deal", "D2,Won,P2,2024-01-02,deal,extra",
        "D3,Won,P3", "D4,Won,P2,2024-01-04,deal", "L1,Won,P1,2024-01-05,lead");
    write("products.csv", "product,weight,price", "P1,2,100", "P2,1,5,200", "P3,7");
    Path mapping = write("m.yaml", "source_system: x", "dates: ymd", "decimal: point", "files: {pipeline: pipeline.csv, products: products.csv}",
        "load:",
        "  - {table: teams, file: pipeline, where: \"kind = 'lead'\", columns: {id: id, name: stage}}",
        "  - table: deals",
        "    file: pipeline",
        "    where: \"kind = 'deal'\"",
        "    join: {price: {file: products, on: {product: product}}}",
        "    columns: {id: id, stage: stage, status: {value: won}, amount: {expr: price.price}, currency: {value: SEK},"
            + " created_at: created, closed_at: created}");
    ImportReport r = run(mapping, false, dir.resolve("pipeline.csv"), dir.resolve("products.csv"));
    // The file's first load (teams) reports the two misshapen rows; the deals load leaves them out.
    assertThat(r.files()).extracting(FileReport::table, FileReport::read, FileReport::loaded, FileReport::quarantined)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("teams", 3L, 1L, 2L), org.assertj.core.groups.Tuple.tuple("deals", 2L, 2L, 0L));
    assertThat(rows("SELECT line, table_name, field FROM quarantine ORDER BY line")).containsExactly(
        Arrays.asList("3", "teams", null), List.of("4", "teams", "created"));
    // P2's row in products.csv has a field too many and P3's is short: neither gives a price.
    assertThat(rows("SELECT id, CAST(amount AS VARCHAR) FROM deals ORDER BY id"))
        .containsExactly(Arrays.asList("D1", "100.00"), Arrays.asList("D4", null));
  }

  @Test
  void aMisshapenRowOfAnExportWithStageDatesIsQuarantinedOnceNotOncePerStageColumn() throws Exception {
    Path file = write("hubspot-deals.csv",
        "Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal owner,Date entered Appointment,Date entered Closed Won",
        "1,Alpha,Closed Won,100,2024-01-01,2024-02-01,Ann,2024-01-05,2024-02-01",
        "2,Beta, Inc,Closed Won,200,2024-01-02,2024-02-02,Bob,2024-01-06,2024-02-02",
        "3,Gamma,Appointment,300,2024-01-03",
        "4,Delta,Closed Won,50,2024-01-04,2024-02-04,Ann,2024-01-07,2024-02-04");
    new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 1, 1, 0, 0)), Progress.NONE).run(List.of(file));
    assertThat(rows("SELECT table_name, line, field FROM quarantine ORDER BY line")).containsExactly(
        Arrays.asList("deals", "3", null), List.of("deals", "4", "Close Date"));
    assertThat(rows("SELECT deal_id, stage FROM deal_stage_history WHERE NOT inferred ORDER BY deal_id, entered_at")).containsExactly(
        List.of("hubspot-1", "Appointment"), List.of("hubspot-1", "Closed Won"), List.of("hubspot-4", "Appointment"),
        List.of("hubspot-4", "Closed Won"));
  }

  @Test
  void aColumnNamedOnlyInsideATextOfAnExpressionIsReportedAsIgnored() throws Exception {
    write("teams.csv", "code,label,previous,region,Lead's region", "T1,North team,T0,North,");
    Path mapping = write("m.yaml", "source_system: x", "files: {t: teams.csv}",
        "load: [{table: teams, file: t, columns: {id: code, name: {expr: \"label || ' (no previous name)'\"},"
            + " region: {expr: \"coalesce(\\\"Lead's region\\\", 'none')\"}}}]");
    ImportReport r = run(mapping, false, dir.resolve("teams.csv"));
    assertThat(r.files()).singleElement().extracting(FileReport::ignoredColumns).isEqualTo(List.of("previous", "region"));
    assertThat(rows("SELECT name, region FROM teams")).containsExactly(List.of("North team (no previous name)", "none"));
  }

  @Test
  void aDryRunSavesNothingButShowsRowsAndProblems() throws Exception {
    ImportReport r = run(sheet(), true, dir);
    assertThat(r.dryRun()).isTrue();
    assertThat(r.previews()).extracting(ImportReport.Preview::table).containsExactly("teams", "reps", "pipeline_stages", "accounts", "deals");
    assertThat(r.problems()).extracting(QuarantineReport.Group::field, QuarantineReport.Group::rows)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("currency", 3L)); // no EUR rate in this SEK workspace
    assertThat(rows("SELECT count(*) FROM deals")).containsExactly(List.of("0"));
    assertThat(rows("SELECT count(*) FROM import_runs")).containsExactly(List.of("0"));
    assertThat(rows("SELECT count(*) FROM quarantine")).containsExactly(List.of("0"));
  }

  @Test
  void mistakesInTheMappingAreNamedByKey() throws Exception {
    write("pipeline.csv", "a,b", "1,2");
    assertThatThrownBy(() -> run(write("m1.yaml", "source_system: x", "load: [{table: dealz, columns: {id: a}}]"), false, dir))
        .hasMessageContaining("m1.yaml: load: table 'dealz' is not a canonical table");
    assertThatThrownBy(() -> run(write("m2.yaml", "source_system: x", "load: [{table: deals, columns: {idd: a}}]"), false, dir))
        .hasMessageContaining("m2.yaml: deals: columns: 'idd' is not a column of deals");
    assertThatThrownBy(() -> run(write("m3.yaml", "source_system: x", "files: {d: nothere.csv}", "load: [{table: deals, columns: {id: a}}]"), false, dir))
        .hasMessageContaining("m3.yaml: no file matches 'nothere.csv' (files: d)");
    assertThatThrownBy(() -> run(write("m4.yaml", "source_system: x", "files: {d: pipeline.csv}",
        "load: [{table: deals, columns: {id: a, stage: b, status: {value: open}, created_at: [Created, Create Date]}}]"), false, dir))
        .hasMessageContaining("pipeline.csv (mapping m4.yaml): no column for deals.created_at, which is required; expected one of: Created, Create Date");
    // A filter that leaves out every row (an empty cell is NULL) is said so.
    write("flagged.csv", "a,b,raderad", "1,2,", "3,4,");
    ImportReport none = run(write("m4c.yaml", "source_system: x", "files: {d: flagged.csv}",
        "load: [{table: teams, where: \"raderad <> 'ja'\", columns: {id: a, name: b}}]"), true, dir.resolve("flagged.csv"));
    assertThat(none.warnings()).contains("flagged.csv: the load's filter (where) left out every row of the file; if that is not meant,"
        + " note that an empty cell is NULL, which no comparison holds for: write e.g. coalesce(Status, '') <> 'Deleted'");
    // Arithmetic on a column, which reaches the expression as text.
    write("values.csv", "id,värde", "1,100", "2,200");
    assertThatThrownBy(() -> run(write("m4d.yaml", "source_system: x", "files: {d: values.csv}",
        "load: [{table: teams, columns: {id: id, name: {expr: \"värde * 1.25\"}}}]"), true, dir.resolve("values.csv")))
        .hasMessageContaining("values.csv (m4d): an expression of its teams load cannot run: Binder Error")
        .hasMessageContaining("Columns reach expressions as text: convert one first");
    // Not mapped at all: every row would be quarantined as "missing".
    assertThatThrownBy(() -> run(write("m4b.yaml", "source_system: x", "files: {d: pipeline.csv}",
        "load: [{table: deals, columns: {id: a, stage: b, status: {value: open}}}]"), false, dir))
        .hasMessageContaining("pipeline.csv (mapping m4b.yaml): deals.created_at is required, but the mapping does not say where it comes from;"
            + " add 'created_at: <header>' to the columns of its deals load. The file's header is: a, b");
    assertThatThrownBy(() -> run(write("m5.yaml", "source_system: x", "load: [{table: deals, columns: {id: {value: 1, expr: a}}}]"), false, dir))
        .hasMessageContaining("m5.yaml: deals: columns: id: give exactly one of column, value and expr");
    write("teams.csv", "code,label", "T1,North");
    assertThatThrownBy(() -> run(write("m6.yaml", "source_system: x", "files: {t: teams.csv}",
        "load: [{table: teams, file: t, columns: {id: code, name: {expr: \"upper(src.lable)\"}}}]"), false, dir.resolve("teams.csv")))
        .hasMessageContaining("teams.csv: the expression of teams.name names a column 'lable' that the file does not have;"
            + " check its spelling against the file's header");
  }
}

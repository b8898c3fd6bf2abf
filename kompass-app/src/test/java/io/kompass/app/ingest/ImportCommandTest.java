package io.kompass.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

  @TempDir Path dir;

  String workspace() {
    return dir.resolve("ws.duckdb").toString();
  }

  @Test
  void importsAFolderAndAccountsForEveryRowOfEveryFile() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));

    Result r = KompassCli.run("import", "--workspace", workspace(), in.toString());

    assertThat(r.exitCode()).isEqualTo(Kompass.QUARANTINED);
    assertThat(r.outLines()).containsExactly(
        in.resolve("currency_rates.csv") + " → currency_rates: read 1 = loaded 1 (added 1, updated 0, unchanged 0) + quarantined 0",
        in.resolve("teams.csv") + " → teams: read 1 = loaded 1 (added 1, updated 0, unchanged 0) + quarantined 0",
        in.resolve("reps.csv") + " → reps: read 2 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 0",
        in.resolve("accounts.csv") + " → accounts: read 2 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 0",
        "  ignored columns (not part of accounts): notes",
        in.resolve("deals.csv") + " → deals: read 3 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 1",
        "Import #1 saved: read 9 = loaded 8 + quarantined 1 in 5 files.",
        "1 row was not loaded. See which and why with: kompass quality --workspace " + workspace());
    assertThat(r.errLines()).contains("100% stage history");
  }

  @Test
  void emptyRowsOfASheetAreSaidToBeLeftOutAsSuch() throws Exception {
    Path xlsx = dir.resolve("hubspot-crm-exports-all-deals-2025-03-31.xlsx");
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
        java.io.OutputStream out = java.nio.file.Files.newOutputStream(xlsx)) {
      var sheet = wb.createSheet("Deals");
      String[][] cells = {{"Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date"},
        {"9001", "A", "Closed Won", "1200", "2025-03-12 10:00", "2025-02-01 09:00"}, {},
        {"9002", "B", "Closed Lost", "800", "2025-03-14 10:00", "2025-02-03 09:00"}};
      for (int r = 0; r < cells.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < cells[r].length; c++) {
          row.createCell(c).setCellValue(cells[r][c]);
        }
        if (cells[r].length == 0) {
          row.createCell(1).setCellValue(" ");
        }
      }
      wb.write(out);
    }
    Result r = KompassCli.run("import", "--workspace", workspace(), "--currency", "USD", xlsx.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Kompass.OK);
    assertThat(r.out()).contains("deals: read 2 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 0;"
        + " 1 row left out (empty rows of the sheet, or rows the load's filter excludes)");
  }

  @Test
  void importingTheSameFilesAgainLeavesTheRowsUnchangedAndAFixReleasesTheQuarantine() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", workspace(), in.toString());
    KompassCli.write(in.resolve("deals.csv"),
        "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1,A1",
        "D2,Won,won,1200,EUR,2024-02-01,2024-03-15,R1,A1",
        "D3,Proposal,open,600,SEK,2024-05-01,,R2,A2");

    Result r = KompassCli.run("import", "--workspace", workspace(), in.resolve("deals.csv").toString());

    assertThat(r.exitCode()).isEqualTo(Kompass.OK);
    assertThat(r.outLines()).containsExactly(
        in.resolve("deals.csv") + " → deals: read 3 = loaded 3 (added 1, updated 1, unchanged 1) + quarantined 0",
        "  released from quarantine: 1 row fixed by this file",
        "Import #2 saved: read 3 = loaded 3 + quarantined 0 in 1 file.");
  }

  @Test
  void aFileThatCannotBeImportedFailsTheWholeBatchAndSavesNothing() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.write(in.resolve("deals.csv"), "id,name,status", "D1,no stage column,open");

    Result r = KompassCli.run("import", "--workspace", workspace(), in.toString());

    assertThat(r.exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).last().asString()
        .startsWith("kompass: import #1 failed and nothing from it was saved: ")
        .contains("deals.csv: the header has no column stage, created_at");
    // The workspace it would have created is not left behind, with a currency fixed by a run that loaded nothing.
    assertThat(Path.of(workspace())).doesNotExist();

    // Into an existing workspace: the failed batch leaves every table as it was.
    assertThat(KompassCli.run("import", "--workspace", workspace(), in.resolve("teams.csv").toString()).exitCode()).isZero();
    List<String> before = KompassCli.run("status", "--workspace", workspace()).outLines().stream().filter(l -> l.matches("[a-z_]+ +\\d+.*")).toList();
    assertThat(KompassCli.run("import", "--workspace", workspace(), in.toString()).exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(before).anyMatch(l -> l.startsWith("teams ") && !l.matches("teams +0\\b.*")).anyMatch(l -> l.matches("deals +0\\b.*"));
    assertThat(KompassCli.run("status", "--workspace", workspace()).outLines().stream().filter(l -> l.matches("[a-z_]+ +\\d+.*")).toList())
        .isEqualTo(before);
  }

  @Test
  void aPathThatDoesNotExistFailsWithItsName() {
    Path missing = dir.resolve("no-such-folder");
    Result r = KompassCli.run("import", "--workspace", workspace(), missing.toString());
    assertThat(r.exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(r.errLines()).containsExactly("kompass: " + missing + ": no such file or folder");
    assertThat(Path.of(workspace())).doesNotExist();
  }

  @Test
  void aNewWorkspaceTakesTheCurrencyAndTimeZoneGiven() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", workspace(), "--currency", "sek", "--time-zone", "UTC", in.toString());

    Result again = KompassCli.run("import", "--workspace", workspace(), "--currency", "USD", in.resolve("teams.csv").toString());

    assertThat(again.exitCode()).isZero();
    assertThat(again.errLines()).contains("Note: --currency USD is ignored: workspace " + workspace()
        + " was created with currency SEK, which cannot change.");
    assertThat(KompassCli.run("status", "--workspace", workspace()).outLines())
        .contains("Currency:   SEK", "Time zone:  UTC");
  }

  @Test
  void aBadCurrencyIsAUsageError() {
    Result r = KompassCli.run("import", "--workspace", workspace(), "--currency", "euro", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).first()
        .isEqualTo("Invalid value for option '--currency': 'euro' is not a 3-letter currency code such as EUR");
    // Three letters that name no currency would fix the workspace to it for good, with every amount quarantined.
    Result made = KompassCli.run("import", "--workspace", workspace(), "--currency", "XYZ", dir.toString());
    assertThat(made.exitCode()).isEqualTo(2);
    assertThat(made.errLines()).first()
        .isEqualTo("Invalid value for option '--currency': 'XYZ' is not an ISO 4217 currency code (EUR, SEK, USD, ...)");
    assertThat(Path.of(workspace())).doesNotExist();
  }

  @Test
  void anImportThatWasInterruptedEarlierIsReportedFirst() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    try (Workspace ws = Workspace.openFile(Path.of(workspace()), Settings.DEFAULT);
        Connection c = ws.connect();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO import_runs (id, started_at, status, files) VALUES (1, TIMESTAMP '2025-06-01 12:00:00', 'running', 'old/deals.csv')");
    }

    Result r = KompassCli.run("import", "--workspace", workspace(), in.resolve("teams.csv").toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).hasSize(3);
    // The engine writes the start time as the database gives it (with or without fractions of a second).
    assertThat(r.outLines().get(0)).matches(
        "Note: import #1 \\(started 2025-06-01 12:00:00(\\.0+)?, files: old/deals.csv\\) was interrupted before it"
            + " finished; nothing from it was saved, so run it again if you still need it\\.");
    assertThat(r.outLines().subList(1, 3)).containsExactly(
        in.resolve("teams.csv") + " → teams: read 1 = loaded 1 (added 1, updated 0, unchanged 0) + quarantined 0",
        "Import #2 saved: read 1 = loaded 1 + quarantined 0 in 1 file.");
  }

  static final String HUBSPOT_DEALS =
      "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,Associated Company\n"
          + "101,Acme renewal,Closed Won,Sales Pipeline,1250.50,2024-03-15 10:00,2024-01-10 09:00,Anna Berg,Acme Inc\n"
          + "102,Globex pilot,Contract Sent,Sales Pipeline,800,2024-09-30 00:00,2024-02-01 12:30,Jonas Ek,Globex\n"
          + "103,Initech,Closed Lost,Sales Pipeline,lots,2024-04-01 08:00,2024-02-05 08:00,Anna Berg,\n";

  @Test
  void aHubSpotExportIsRecognisedByItsHeaderAndNamesWhatItCreated() throws Exception {
    Path file = dir.resolve("hubspot-crm-exports-all-deals-2024-08-27.csv");
    java.nio.file.Files.writeString(file, HUBSPOT_DEALS);

    Result r = KompassCli.run("import", "--workspace", workspace(), file.toString());

    assertThat(r.exitCode()).isEqualTo(Kompass.QUARANTINED);
    assertThat(r.outLines()).containsExactly(
        file + " (HubSpot deals export, reps by name) → reps: read 2 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 0",
        file + " (HubSpot deals export, accounts by name) → accounts: read 2 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 0",
        file + " (HubSpot deals export) → deals: read 3 = loaded 2 (added 2, updated 0, unchanged 0) + quarantined 1",
        "Import #1 saved: read 7 = loaded 6 + quarantined 1 in 1 file (of the rows read, 4 are reps and accounts the files name,"
            + " matched or created by name or id).",
        "1 row was not loaded. See which and why with: kompass quality --workspace " + workspace());
    Result q = KompassCli.run("quality", "--workspace", workspace());
    assertThat(q.outLines()).contains(
        "  line 4 (import #1), id hubspot-103: amount: not a number (write 1234.50 or 1,234.50; read with a decimal point): 'lots'",
        "    Record ID=103, Deal Name=Initech, Deal Stage=Closed Lost, Pipeline=Sales Pipeline, Amount=lots, Close Date=2024-04-01 08:00,"
            + " Create Date=2024-02-05 08:00, Deal owner=Anna Berg, Associated Company=");
  }

  @Test
  void aDryRunShowsTheMappingTheFirstRowsAndTheProblemsAndSavesNothing() throws Exception {
    Path data = java.nio.file.Files.createDirectories(dir.resolve("sheet"));
    KompassCli.write(data.resolve("pipeline.csv"),
        "Ref;Kund;Säljare;Värde;Skapad;Steg",
        "1;Acme AB;Anna Berg;1 250,50;03/02/2024;Vunnen",
        "2;Globex;Jonas Ek;800;14/02/2024;Offert",
        "3;Initech;Anna Berg;12,5;31/02/2024;Offert");
    Path mapping = dir.resolve("pipeline.yaml");
    KompassCli.write(mapping,
        "name: Sales sheet",
        "source_system: sheet",
        "files: {pipeline: pipeline.csv}",
        "load:",
        "  - table: deals",
        "    columns:",
        "      id: Ref",
        "      name: Kund",
        "      stage: Steg",
        "      status: {column: Steg, values: {Vunnen: won, Förlorad: lost, \"*\": open}}",
        "      amount: Värde",
        "      currency: {value: EUR}",
        "      created_at: Skapad",
        "      closed_at: {expr: \"CASE WHEN Steg = 'Vunnen' THEN Skapad END\"}",
        "      owner_id: {column: Säljare, by_name: true}");

    Result r = KompassCli.run("import", "--workspace", workspace(), "--dry-run", "--mapping", mapping.toString(), data.toString());

    assertThat(r.exitCode()).isEqualTo(Kompass.QUARANTINED);
    assertThat(r.outLines()).containsExactly(
        "Dry run: nothing was saved.",
        "",
        data.resolve("pipeline.csv") + " (Sales sheet, reps by name) → reps: read 2 = would load 2 + quarantine 0",
        "  mapping:",
        "    id <- 'sheet:' || _name",
        "    name <- _name",
        "  first 2 rows:",
        "    id | name",
        "    sheet:Anna Berg | Anna Berg",
        "    sheet:Jonas Ek | Jonas Ek",
        "",
        data.resolve("pipeline.csv") + " (Sales sheet) → deals: read 3 = would load 2 + quarantine 1",
        "  mapping:",
        "    id <- \"Ref\"",
        "    name <- \"Kund\"",
        "    stage <- \"Steg\"",
        "    status <- CASE WHEN \"Steg\" IS NULL THEN NULL ELSE coalesce(['won', 'lost'][list_position(['vunnen', 'förlorad'], lower(\"Steg\"))], 'open') END",
        "    amount <- \"Värde\"",
        "    currency <- coalesce('EUR', CASE WHEN \"Värde\" IS NOT NULL THEN 'EUR' END)",
        "    created_at <- \"Skapad\"",
        "    closed_at <- NULLIF(trim(CAST((CASE WHEN Steg = 'Vunnen' THEN Skapad END) AS VARCHAR)), '')",
        "    owner_id <- _byname0.id",
        "  first 2 rows:",
        "    id | name | pipeline | stage | status | amount | currency | created_at | closed_at | owner_id",
        "    1 | Acme AB | default | Vunnen | won | 1250.50 | EUR | 2024-02-03 00:00:00 | 2024-02-03 00:00:00 | sheet:Anna Berg",
        "    2 | Globex | default | Offert | open | 800.00 | EUR | 2024-02-14 00:00:00 |  | sheet:Jonas Ek",
        "",
        "Rows that would be quarantined:",
        "  pipeline.csv → deals, field created_at: 1 row",
        "    line 4, id 3: created_at: not a date/time (write YYYY-MM-DD or day-first DD/MM/YYYY, DD.MM.YYYY or DD-MM-YYYY,"
            + " optionally with HH:MM[:SS]; read as day-first): '31/02/2024'",
        "Dry run: read 5 = would load 4 + quarantine 1. Run the same command without --dry-run to import.");
    // Not even a workspace: a new one would have its currency and time zone fixed by a run that saved nothing.
    assertThat(Path.of(workspace())).doesNotExist();
  }

  @Test
  void unknownDateOrdersAndStagesAreUsageErrors() {
    assertThat(KompassCli.run("import", "--workspace", workspace(), "--dates", "ddmm", dir.toString()).errLines())
        .first().isEqualTo("Invalid value for option '--dates': 'ddmm' is not one of dmy, mdy, ymd, auto");
    assertThat(KompassCli.run("import", "--workspace", workspace(), "--stage", "Verbal=maybe", dir.toString()).errLines())
        .first().isEqualTo("Invalid value for option '--stage': 'Verbal=maybe': the status must be open, won, lost or default (the CRM's own meaning)");
    assertThat(KompassCli.run("import", "--workspace", workspace(), "--stage", "Verbal", dir.toString()).errLines())
        .first().isEqualTo("Invalid value for option '--stage': 'Verbal': write <stage>=<status>, e.g. --stage \"Verbal yes=won\"");
    assertThat(KompassCli.run("import", "--workspace", workspace()).errLines())
        .first().isEqualTo("Missing required parameter: '<file-or-folder>'");
    assertThat(KompassCli.run("import", "--workspace", workspace(), "--exported", "27/08/2024", dir.toString()).errLines())
        .first().isEqualTo("Invalid value for option '--exported': '27/08/2024': write YYYY-MM-DD or YYYY-MM-DD HH:MM");
    Result future = KompassCli.run("import", "--workspace", workspace(), "--exported", "2999-01-01", dir.toString());
    assertThat(future.errLines()).first().isEqualTo("Invalid value for option '--exported': '2999-01-01' is in the future");
    assertThat(Path.of(workspace())).doesNotExist();
  }

  @Test
  void aStageChangeIsDatedWhenTheExportWasTaken() throws Exception {
    Path csv = dir.resolve("hubspot-crm-exports-all-deals-2024-08-27.csv");
    java.nio.file.Files.writeString(csv, "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n"
        + "9001,A,Appointment Scheduled,1200,2024-09-30 10:00,2024-02-01 09:00\n");
    assertThat(KompassCli.run("import", "--workspace", workspace(), "--currency", "USD", "--exported", "2024-08-27", csv.toString()).exitCode())
        .isEqualTo(Kompass.OK);
    java.nio.file.Files.writeString(csv, "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n"
        + "9001,A,Contract Sent,1200,2024-09-30 10:00,2024-02-01 09:00\n");
    Result r = KompassCli.run("import", "--workspace", workspace(), "--exported", "2024-09-03 16:30", csv.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Kompass.OK);
    try (Workspace ws = Workspace.openFile(Path.of(workspace()),
        Settings.DEFAULT);
        var c = ws.connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT CAST(entered_at AS VARCHAR) FROM deal_stage_history WHERE stage = 'Contract Sent'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("2024-09-03 16:30:00");
    }
  }
}

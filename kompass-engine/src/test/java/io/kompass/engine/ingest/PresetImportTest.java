package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of the four CRMs are recognised by their header and load through their presets. */
class PresetImportTest {

  @TempDir Path dir;
  Workspace ws;
  static int counter;

  @BeforeEach
  void open() {
    ws = Workspace.openInMemory("presets" + (counter++), new Settings("USD", ZoneId.of("UTC")));
  }

  @AfterEach
  void close() {
    ws.close();
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  ImportReport importAll(ImportOptions options, Path... paths) {
    return new CanonicalImport(ws, options, Progress.NONE).run(List.of(paths));
  }

  ImportReport importAll(Path... paths) {
    return importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)), paths);
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

  static final String HUBSPOT_DEALS =
      "\uFEFF\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Pipeline\",\"Amount\",\"Close Date\",\"Create Date\",\"Deal owner\","
          + "\"Associated Company\",\"Date entered \"\"Appointment Scheduled (Sales Pipeline)\"\"\",\"Date entered \"\"Closed Won (Sales Pipeline)\"\"\"\r\n"
          + "101,\"Acme renewal\",Closed Won,Sales Pipeline,\"1,250.50\",2024-03-15 10:00,2024-01-10 09:00,Anna Berg,Acme Inc,2024-01-10 09:00,2024-03-15 10:00\r\n"
          + "102,\"Globex pilot\",Appointment Scheduled,Sales Pipeline,800,2024-09-30 00:00,2024-02-01 12:30,Jonas Ek,Globex,2024-02-01 12:30,\r\n"
          + "103,\"Initech\",Closed Lost,Sales Pipeline,,2024-04-01 08:00,2024-02-05 08:00,Anna Berg,,2024-02-05 08:00,\r\n";

  @Test
  void hubspotDealsExportLoadsWithOwnersAndCompaniesByNameAndItsStageHistory() throws Exception {
    Path deals = write("hubspot-crm-exports-all-deals-2024-08-27.csv", HUBSPOT_DEALS);
    ImportReport r = importAll(deals);

    assertThat(r.files()).extracting(FileReport::table, FileReport::read, FileReport::loaded, FileReport::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reps", 2L, 2L, "HubSpot deals export, reps by name"),
            org.assertj.core.groups.Tuple.tuple("accounts", 2L, 2L, "HubSpot deals export, accounts by name"),
            org.assertj.core.groups.Tuple.tuple("deals", 3L, 3L, "HubSpot deals export"),
            org.assertj.core.groups.Tuple.tuple("deal_stage_history", 4L, 4L, "HubSpot deals export"));
    // Empty "Date entered" cells are not rows of the file: nothing is reported as left out by a filter.
    assertThat(r.files()).extracting(FileReport::skipped).containsOnly(0L);
    assertThat(rows("SELECT d.id, d.status, CAST(d.amount AS VARCHAR), CAST(d.closed_at AS VARCHAR), CAST(d.expected_close_at AS VARCHAR),"
        + " r.name, a.name, d.source_system FROM deals d LEFT JOIN reps r ON r.id = d.owner_id LEFT JOIN accounts a ON a.id = d.account_id ORDER BY d.id"))
        .containsExactly(
            List.of("hubspot-101", "won", "1250.50", "2024-03-15 10:00:00", "null", "Anna Berg", "Acme Inc", "hubspot").stream().map(v -> v.equals("null") ? null : v).toList(),
            java.util.Arrays.asList("hubspot-102", "open", "800.00", null, "2024-09-30", "Jonas Ek", "Globex", "hubspot"),
            java.util.Arrays.asList("hubspot-103", "lost", null, "2024-04-01 08:00:00", null, "Anna Berg", null, "hubspot"));
    assertThat(rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR), inferred FROM deal_stage_history ORDER BY deal_id, entered_at"))
        .containsExactly(
            List.of("hubspot-101", "Appointment Scheduled", "open", "2024-01-10 09:00:00", "false"),
            List.of("hubspot-101", "Closed Won", "won", "2024-03-15 10:00:00", "false"),
            List.of("hubspot-102", "Appointment Scheduled", "open", "2024-02-01 12:30:00", "false"),
            List.of("hubspot-103", "Appointment Scheduled", "open", "2024-02-05 08:00:00", "false"),
            // Its "Date entered Closed Lost" is empty: the history still ends when the deal was lost.
            List.of("hubspot-103", "Closed Lost", "lost", "2024-04-01 08:00:00", "false"));

    List<List<String>> history = rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR), CAST(left_at AS VARCHAR) FROM deal_stage_history"
        + " ORDER BY deal_id, entered_at");
    // Each recorded stage is left when the next one is entered.
    assertThat(history).extracting(h -> h.get(4)).containsExactly("2024-03-15 10:00:00", null, null, "2024-04-01 08:00:00", null);
    ImportReport again = importAll(deals);
    assertThat(again.files()).allSatisfy(f -> {
      assertThat(f.added()).as(f.table()).isZero();
      assertThat(f.updated()).as(f.table()).isZero();
    });
    // The same file reads as many rows again: the owners and companies it names are read, and found unchanged.
    assertThat(again.files()).extracting(FileReport::table, FileReport::read, FileReport::unchanged)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reps", 2L, 2L),
            org.assertj.core.groups.Tuple.tuple("accounts", 2L, 2L),
            org.assertj.core.groups.Tuple.tuple("deals", 3L, 3L),
            org.assertj.core.groups.Tuple.tuple("deal_stage_history", 4L, 4L));
    assertThat(rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR), CAST(left_at AS VARCHAR) FROM deal_stage_history"
        + " ORDER BY deal_id, entered_at")).isEqualTo(history);
  }

  @Test
  void stagesContainingClosedWonOrClosedLostCloseTheDeal() throws Exception {
    Path deals = write("hubspot-custom-stages.csv", "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Amount\",\"Close Date\",\"Create Date\"\n"
        + "201,A,Closed Won (Enterprise),100,2024-03-01 10:00,2024-01-01 10:00\n"
        + "202,B,Closed-Lost to Competition,100,2024-03-02 10:00,2024-01-01 10:00\n"
        + "203,C,closed lost - no decision,100,2024-03-03 10:00,2024-01-01 10:00\n"
        + "204,D,Contract sent,100,2024-03-04 10:00,2024-01-01 10:00\n"
        + "205,E,CLOSED_WON-Q3,100,2024-03-05 10:00,2024-01-01 10:00\n");
    importAll(deals);
    assertThat(rows("SELECT id, status FROM deals ORDER BY id")).containsExactly(List.of("hubspot-201", "won"), List.of("hubspot-202", "lost"),
        List.of("hubspot-203", "lost"), List.of("hubspot-204", "open"), List.of("hubspot-205", "won"));
  }

  @Test
  void aCustomClosingStageInTheStageHistoryClosesTheDealThere() throws Exception {
    // The deal reads "Closed Won (Enterprise)" as won by pattern; its "Date entered" row of that stage must be won too,
    // or the deal counts as open pipeline on every date after it closed.
    Path deals = write("hubspot-enterprise.csv", "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Amount\",\"Close Date\",\"Create Date\","
        + "\"Date entered \"\"Qualified (Sales)\"\"\",\"Date entered \"\"Closed Won (Enterprise) (Sales)\"\"\",\"Date entered \"\"Lost to Competition (Sales)\"\"\"\n"
        + "301,A,Closed Won (Enterprise),100,2024-03-01 09:00,2024-01-01 10:00,2024-01-01 10:00,2024-03-01 10:00,\n"
        + "302,B,Qualified,100,2024-06-01 10:00,2024-01-02 10:00,2024-01-02 10:00,,\n");
    importAll(deals);
    assertThat(rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR) FROM deal_stage_history ORDER BY deal_id, entered_at"))
        .containsExactly(List.of("hubspot-301", "Qualified", "open", "2024-01-01 10:00:00"),
            List.of("hubspot-301", "Closed Won (Enterprise)", "won", "2024-03-01 10:00:00"),
            List.of("hubspot-302", "Qualified", "open", "2024-01-02 10:00:00"));
  }

  @Test
  void salesforceExportAllLeavesOutAndRemovesDeletedOpportunities() throws Exception {
    String header = "Id,Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,IsDeleted\n";
    Path opps = write("Opportunity.csv", header
        + "006A1,A,005A1,Prospecting,1000,2024-06-30,false,false,2024-01-02T09:00:00.000+0000,false\n"
        + "006A2,B,005A1,Prospecting,500,2024-06-30,false,false,2024-01-05T09:00:00.000+0000,false\n");
    importAll(opps);
    Files.writeString(opps, header
        + "006A1,A,005A1,Prospecting,1000,2024-06-30,false,false,2024-01-02T09:00:00.000+0000,false\n"
        + "006A2,B,005A1,Prospecting,500,2024-06-30,false,false,2024-01-05T09:00:00.000+0000,true\n");
    ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2024, 2, 1, 0, 0)), opps);
    assertThat(rows("SELECT id FROM deals")).containsExactly(List.of("006A1"));
    assertThat(rows("SELECT DISTINCT deal_id FROM deal_stage_history")).containsExactly(List.of("006A1"));
    assertThat(r.warnings()).contains("Opportunity.csv: 1 stored row of deals removed, as the file marks it deleted");
    assertThat(r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow().skipped()).isEqualTo(1);
  }

  @Test
  void aFullExportRemovesTheDealsDeletedInTheCrmWhenSaidToBeComplete() throws Exception {
    String header = "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n";
    Path deals = write("hubspot-crm-exports-all-deals-2024-05-01.csv", header
        + "401,A,Appointment Scheduled,100,2024-06-01 10:00,2024-01-01 10:00\n"
        + "402,B,Appointment Scheduled,100,2024-06-01 10:00,2024-01-02 10:00\n"
        + "403,C,Appointment Scheduled,100,2024-06-01 10:00,2024-01-03 10:00\n");
    importAll(deals);
    // 402 was deleted in HubSpot; 403's row is broken this time (it stays as stored, as a quarantined row always does).
    Files.writeString(deals, header
        + "401,A,Appointment Scheduled,100,2024-06-01 10:00,2024-01-01 10:00\n"
        + "403,C,Appointment Scheduled,1.2.3,2024-06-01 10:00,2024-01-03 10:00\n");
    ImportReport told = importAll(ImportOptions.defaults(LocalDateTime.of(2024, 5, 2, 0, 0)), deals);
    assertThat(told.warnings()).contains("1 stored deal of hubspot is not in the files and stays as last imported; if the files hold every"
        + " deal (a full export), import them with --complete to remove the deals deleted in the CRM");
    assertThat(rows("SELECT id FROM deals ORDER BY id")).hasSize(3);
    ImportReport dry = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2024, 5, 2, 0, 0)).withComplete(true).withDryRun(true),
        Progress.NONE).run(List.of(deals));
    assertThat(dry.warnings()).contains("--complete: 1 stored deal of hubspot is not in the files, so it would be removed with its stage history,"
        + " as deleted in the CRM");
    assertThat(rows("SELECT id FROM deals ORDER BY id")).hasSize(3);
    importAll(ImportOptions.defaults(LocalDateTime.of(2024, 5, 2, 0, 0)).withComplete(true), deals);
    assertThat(rows("SELECT id FROM deals ORDER BY id")).containsExactly(List.of("hubspot-401"), List.of("hubspot-403"));
    assertThat(rows("SELECT DISTINCT deal_id FROM deal_stage_history ORDER BY 1")).containsExactly(List.of("hubspot-401"), List.of("hubspot-403"));
  }

  @Test
  void aDealsRecordedHistoryEndsInTheStageTheDealIsInNow() throws Exception {
    // 501 is in Contract Sent, whose column the export lacks; 502 was lost and is open again in Qualified.
    Path deals = write("hubspot-history-gaps.csv", "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Amount\",\"Close Date\",\"Create Date\","
        + "\"Date entered \"\"Qualified (Sales)\"\"\",\"Date entered \"\"Closed Lost (Sales)\"\"\"\n"
        + "501,A,Contract Sent,100,2024-09-01 10:00,2024-01-01 10:00,2024-01-01 10:00,\n"
        + "502,B,Qualified,100,2024-09-01 10:00,2024-01-02 10:00,2024-01-02 10:00,2024-02-01 10:00\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2024, 5, 1, 12, 0)), deals);
    List<List<String>> history = rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR) FROM deal_stage_history ORDER BY deal_id, entered_at");
    assertThat(history).containsExactly(
        List.of("hubspot-501", "Qualified", "open", "2024-01-01 10:00:00"),
        List.of("hubspot-501", "Contract Sent", "open", "2024-05-01 12:00:00"),
        List.of("hubspot-502", "Qualified", "open", "2024-01-02 10:00:00"),
        List.of("hubspot-502", "Closed Lost", "lost", "2024-02-01 10:00:00"),
        List.of("hubspot-502", "Qualified", "open", "2024-05-01 12:00:00"));
    // The same export again, later: nothing changes.
    importAll(ImportOptions.defaults(LocalDateTime.of(2024, 5, 8, 12, 0)), deals);
    assertThat(rows("SELECT deal_id, stage, status, CAST(entered_at AS VARCHAR) FROM deal_stage_history ORDER BY deal_id, entered_at"))
        .isEqualTo(history);
  }

  @Test
  void aSalesforceReportsFifteenCharacterIdIsTheSameDealAsTheExtractsEighteen() throws Exception {
    // 001A0000006Vm9r is 001A0000006Vm9rIAC in 18 characters (Salesforce's case-safe form).
    Path report = write("report.csv", "Opportunity ID,Opportunity Name,Account Name,Stage,Opportunity Owner,Amount,Close Date,Created Date\n"
        + "001A0000006Vm9r,Acme deal,Acme,Prospecting,Anna Berg,100,2024-06-30,2024-01-02\n"
        + "006b000000AbCdE,Globex deal,Globex,Prospecting,Anna Berg,100,2024-06-30,2024-01-03\n");
    importAll(report);
    Path opps = write("Opportunity.csv", "Id,Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate\n"
        + "001A0000006Vm9rIAC,Acme deal,005A1,Negotiation,100,2024-06-30,false,false,2024-01-02T09:00:00.000+0000\n");
    importAll(opps);
    assertThat(rows("SELECT id, stage FROM deals ORDER BY id")).containsExactly(List.of("001A0000006Vm9rIAC", "Negotiation"),
        List.of("006b000000AbCdEAAV", "Prospecting"));
    // A deal stored by its 15 characters (by an earlier version) keeps them.
    try (Connection c = ws.connect(); Statement st = c.createStatement()) {
      st.execute("UPDATE deals SET id = '006b000000AbCdE' WHERE id = '006b000000AbCdEAAV'");
    }
    importAll(report);
    assertThat(rows("SELECT id FROM deals ORDER BY id")).containsExactly(List.of("001A0000006Vm9rIAC"), List.of("006b000000AbCdE"));
  }

  @Test
  void anOldExportImportedAgainKeepsTheChangesRecordedSince() throws Exception {
    String header = "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Amount\",\"Close Date\",\"Create Date\","
        + "\"Date entered \"\"Qualified (Sales)\"\"\",\"Date entered \"\"Proposal (Sales)\"\"\"\n";
    Path deals = write("hubspot-moves.csv", header);
    java.util.function.BiConsumer<String, LocalDateTime> at = (stage, when) -> {
      try {
        Files.writeString(deals, header + "601,A," + stage + ",100,2024-09-01 10:00,2024-01-01 10:00,2024-01-01 10:00,2024-02-01 10:00\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      importAll(ImportOptions.defaults(when), deals);
    };
    at.accept("Proposal", LocalDateTime.of(2024, 5, 1, 12, 0));
    at.accept("Negotiation", LocalDateTime.of(2024, 5, 10, 12, 0));
    at.accept("Proposal", LocalDateTime.of(2024, 5, 20, 12, 0));
    at.accept("Negotiation", LocalDateTime.of(2024, 5, 30, 12, 0));
    at.accept("Proposal", LocalDateTime.of(2024, 6, 1, 12, 0));
    assertThat(rows("SELECT stage, CAST(entered_at AS VARCHAR) FROM deal_stage_history ORDER BY entered_at")).containsExactly(
        List.of("Qualified", "2024-01-01 10:00:00"), List.of("Proposal", "2024-02-01 10:00:00"),
        List.of("Negotiation", "2024-05-10 12:00:00"), List.of("Proposal", "2024-05-20 12:00:00"),
        List.of("Negotiation", "2024-05-30 12:00:00"), List.of("Proposal", "2024-06-01 12:00:00"));
  }

  static final String SF_HISTORY_HEADER = "Id,OpportunityId,StageName,Amount,CloseDate,CreatedDate\n";

  @Test
  void salesforceHistoryExtractsOfChangesSinceADateAddToTheHistoryAndCloseDisqualifiedDeals() throws Exception {
    Path opps = write("Opportunity.csv", "Id,Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,CurrencyIsoCode\n"
        + "006A1,A,005A1,Negotiation,1000,2024-06-30,false,false,2024-01-02T09:00:00.000+0000,USD\n"
        + "006A2,B,005A1,Disqualified,500,2024-02-20,true,false,2024-01-05T09:00:00.000+0000,USD\n");
    Path history = write("OpportunityHistory.csv", SF_HISTORY_HEADER
        + "008A,006A1,Prospecting,1000,2024-06-30,2024-01-02T09:00:00.000+0000\n"
        + "008B,006A1,Qualification,1000,2024-06-30,2024-02-10T10:00:00.000+0000\n"
        + "008C,006A2,Prospecting,500,2024-02-20,2024-01-05T09:00:00.000+0000\n"
        + "008D,006A2,Disqualified,500,2024-02-20,2024-02-20T15:00:00.000+0000\n");
    importAll(opps, history);
    // Disqualified is a closed stage that is not won: the deal is lost from then on, not open forever.
    assertThat(rows("SELECT stage, status FROM deal_stage_history WHERE deal_id = '006A2' ORDER BY entered_at"))
        .containsExactly(List.of("Prospecting", "open"), List.of("Disqualified", "lost"));
    // A later extract of the changes since March: the earlier rows stay.
    Path delta = dir.resolve("delta");
    Files.createDirectories(delta);
    Files.writeString(delta.resolve("OpportunityHistory.csv"), SF_HISTORY_HEADER
        + "008E,006A1,Negotiation,1200,2024-06-30,2024-04-03T11:00:00.000+0000\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2024, 4, 5, 12, 0)), delta.resolve("OpportunityHistory.csv"));
    // Each row keeps the opportunity's amount from that change on (the pipeline value on past dates reads it).
    assertThat(rows("SELECT stage, CAST(entered_at AS VARCHAR), CAST(amount AS VARCHAR) FROM deal_stage_history WHERE deal_id = '006A1'"
        + " ORDER BY entered_at"))
        .containsExactly(List.of("Prospecting", "2024-01-02 09:00:00", "1000.00"), List.of("Qualification", "2024-02-10 10:00:00", "1000.00"),
            List.of("Negotiation", "2024-04-03 11:00:00", "1200.00"));
    // The deal is won later with its old CloseDate (before the last recorded change): it closes after that change,
    // not before it, so it is not open again from that change on.
    Files.writeString(opps, "Id,Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,CurrencyIsoCode\n"
        + "006A1,A,005A1,Closed Won,1000,2024-03-31,true,true,2024-01-02T09:00:00.000+0000,USD\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2024, 5, 1, 12, 0)), opps);
    assertThat(rows("SELECT stage, status, CAST(entered_at AS VARCHAR), CAST(left_at AS VARCHAR) FROM deal_stage_history WHERE deal_id = '006A1'"
        + " ORDER BY entered_at")).last().isEqualTo(java.util.Arrays.asList("Closed Won", "won", "2024-04-03 11:00:01", null));
  }

  @Test
  void salesforceReportSavedAsExcelWithTitleRowsLoadsFromTheHeaderRow() throws Exception {
    Path xlsx = dir.resolve("Opportunity Pipeline-2024-06-01.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet("Report");
      sheet.createRow(0).createCell(0).setCellValue("Opportunity Pipeline");
      sheet.createRow(1).createCell(0).setCellValue("As of 2024-06-01");
      String[] header = {"Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount Currency", "Amount", "Close Date", "Created Date", "Lead Source"};
      XSSFRow h = sheet.createRow(3);
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      XSSFCellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.createDataFormat().getFormat("m/d/yy"));
      XSSFCellStyle money = wb.createCellStyle();
      money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
      Object[][] data = {
        {"Anna Berg", "Acme Inc", "Acme - Expansion", "Closed Won", "USD", 125000.5, java.time.LocalDate.of(2024, 3, 28), java.time.LocalDate.of(2024, 1, 5), "Web"},
        {"Jonas Ek", "Globex", "Globex - Pilot", "Negotiation/Review", "USD", 8000.0, java.time.LocalDate.of(2024, 7, 15), java.time.LocalDate.of(2024, 2, 1), "Partner"},
        {"Jonas Ek", "Initech", "Initech - Renewal", "Closed Lost", "USD", 3000.0, java.time.LocalDate.of(2024, 4, 2), java.time.LocalDate.of(2024, 2, 20), ""},
      };
      for (int r = 0; r < data.length; r++) {
        XSSFRow row = sheet.createRow(4 + r);
        for (int c = 0; c < data[r].length; c++) {
          Object v = data[r][c];
          if (v instanceof Double d) {
            row.createCell(c).setCellValue(d);
            row.getCell(c).setCellStyle(money);
          } else if (v instanceof java.time.LocalDate d) {
            row.createCell(c).setCellValue(d);
            row.getCell(c).setCellStyle(date);
          } else if (!v.toString().isEmpty()) {
            row.createCell(c).setCellValue(v.toString());
          }
        }
      }
      sheet.createRow(8).createCell(0).setCellValue("Grand Totals (3 records)");
      try (OutputStream out = Files.newOutputStream(xlsx)) {
        wb.write(out);
      }
    }
    ImportReport r = importAll(xlsx);

    FileReport deals = r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
    assertThat(deals.kind()).isEqualTo("Salesforce opportunity report");
    assertThat(deals.read()).isEqualTo(3);
    assertThat(deals.loaded()).isEqualTo(3);
    // The totals row is not a deal: left out, and counted as such, not quarantined as a deal without a stage.
    assertThat(deals.skipped()).isEqualTo(2); // and the empty row before it
    assertThat(rows("SELECT line, field FROM quarantine")).isEmpty();
    assertThat(rows("SELECT d.name, d.status, CAST(d.amount AS VARCHAR), d.currency, CAST(d.created_at AS VARCHAR), CAST(d.closed_at AS VARCHAR),"
        + " d.channel, r.name, a.name FROM deals d JOIN reps r ON r.id = d.owner_id JOIN accounts a ON a.id = d.account_id ORDER BY d.name"))
        .containsExactly(
            List.of("Acme - Expansion", "won", "125000.50", "USD", "2024-01-05 00:00:00", "2024-03-28 00:00:00", "Web", "Anna Berg", "Acme Inc"),
            java.util.Arrays.asList("Globex - Pilot", "open", "8000.00", "USD", "2024-02-01 00:00:00", null, "Partner", "Jonas Ek", "Globex"),
            java.util.Arrays.asList("Initech - Renewal", "lost", "3000.00", "USD", "2024-02-20 00:00:00", "2024-04-02 00:00:00", null, "Jonas Ek", "Initech"));
    assertThat(rows("SELECT id FROM deals")).allSatisfy(id -> assertThat(id.get(0)).startsWith("sfr-"));
    // Nor does it name a rep.
    assertThat(rows("SELECT name FROM reps ORDER BY name")).containsExactly(List.of("Anna Berg"), List.of("Jonas Ek"));
  }

  @Test
  void salesforceExtractsLoadUsersOpportunitiesAndTheirHistoryByApiName() throws Exception {
    Path users = write("User.csv", "\"ID\",\"NAME\",\"EMAIL\",\"ISACTIVE\"\n\"005A1\",\"Anna Berg\",\"anna@x.com\",\"true\"\n");
    Path opps = write("Opportunity.csv",
        "Id,Name,AccountId,Account.Name,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,CurrencyIsoCode\n"
            + "006A1,Acme deal,001A1,Acme,005A1,Closed Won,1000,2024-03-15,true,true,2024-01-02T09:00:00.000+0000,USD\n"
            + "006A2,Globex deal,001A2,Globex,005B9,Verbal Yes,500,2024-06-30,false,false,2024-02-02T09:00:00.000+0000,USD\n");
    Path history = write("OpportunityHistory.csv",
        "Id,OpportunityId,StageName,Amount,CloseDate,CreatedDate\n"
            + "008A,006A1,Prospecting,1000,2024-03-15,2024-01-02T09:00:00.000+0000\n"
            + "008B,006A1,Negotiation,1000,2024-03-15,2024-02-10T10:00:00.000+0000\n"
            + "008C,006A1,Closed Won,1000,2024-03-15,2024-03-15T16:00:00.000+0000\n");
    ImportReport r = importAll(users, opps, history);

    assertThat(r.quarantined()).isZero();
    assertThat(rows("SELECT id, name FROM reps ORDER BY id")).containsExactly(List.of("005A1", "Anna Berg"), List.of("005B9", "005B9"));
    assertThat(rows("SELECT id, name FROM accounts ORDER BY id")).containsExactly(List.of("001A1", "Acme"), List.of("001A2", "Globex"));
    assertThat(rows("SELECT id, status, CAST(created_at AS VARCHAR) FROM deals ORDER BY id"))
        .containsExactly(List.of("006A1", "won", "2024-01-02 09:00:00"), List.of("006A2", "open", "2024-02-02 09:00:00"));
    assertThat(rows("SELECT stage, status, inferred FROM deal_stage_history WHERE deal_id = '006A1' ORDER BY entered_at"))
        .containsExactly(List.of("Prospecting", "open", "false"), List.of("Negotiation", "open", "false"), List.of("Closed Won", "won", "false"));

    // Stage names map to a status by the vendor's defaults, overridable per import.
    ImportReport again = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withStages(Map.of("Verbal Yes", "won")), opps);
    assertThat(again.quarantined()).isZero();
    assertThat(rows("SELECT status, CAST(closed_at AS VARCHAR) FROM deals WHERE id = '006A2'"))
        .containsExactly(List.of("won", "2024-06-30 00:00:00")); // a won deal's CloseDate is when it closed
    assertThat(again.warnings()).isEmpty();
    // A stage no deal has is most likely misspelt: said so. What the earlier import said still holds, and is named.
    String remembered = "salesforce: stages read as earlier imports set them with --stage: 'verbal yes' = won (import #2);"
        + " give --stage \"<stage>=default\" to go back to the CRM's meaning";
    ImportReport typo = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withStages(Map.of("Verbal Yess", "won")), opps);
    assertThat(typo.warnings()).containsExactly(remembered,
        "--stage 'Verbal Yess': no deal has that stage, so it changed nothing; check its spelling against the stages of the export");
    assertThat(rows("SELECT status FROM deals WHERE id = '006A2'")).containsExactly(List.of("won"));
    // Later imports of the same CRM read the stage the same way without being told again.
    ImportReport later = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 2, 12, 0)), opps);
    assertThat(later.warnings()).containsExactly(remembered);
    assertThat(rows("SELECT status FROM deals WHERE id = '006A2'")).containsExactly(List.of("won"));
    // "default" forgets it: the deal is open again, which is said.
    ImportReport reverted = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 3, 12, 0)).withStages(Map.of("Verbal Yes", "default")), opps);
    assertThat(reverted.warnings()).containsExactly("Opportunity.csv: 1 deal stored as won or lost is open in this file (stage 'Verbal Yes');"
        + " if the stage means won or lost, say so with --stage (later imports remember it)");
    assertThat(rows("SELECT status FROM deals WHERE id = '006A2'")).containsExactly(List.of("open"));
    assertThat(importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 4, 12, 0)), opps).warnings()).isEmpty();
    // A remembered stage that no deal has any more can still be forgotten.
    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 4, 13, 0)).withStages(Map.of("Contract Out", "won")), opps);
    assertThat(rows("SELECT stage FROM stage_overrides")).isEmpty(); // no deal has it: not remembered
    try (Connection c = ws.connect(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO stage_overrides VALUES ('salesforce', 'gone stage', 'won', 1)");
    }
    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 4, 14, 0)).withStages(Map.of("Gone Stage", "default")), opps);
    assertThat(rows("SELECT stage FROM stage_overrides")).isEmpty();
    // A dry run remembers nothing.
    new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 6, 5, 12, 0)).withStages(Map.of("Verbal Yes", "lost")).withDryRun(true),
        Progress.NONE).run(List.of(opps));
    assertThat(importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 6, 12, 0)), opps).warnings()).isEmpty();
  }

  static final String SF_LEADS = "Id,FirstName,LastName,Company,Status,LeadSource,IsConverted,ConvertedDate,ConvertedOpportunityId,CreatedDate,OwnerId\n"
      + "00Q1,Eva,Lind,Acme,Closed - Converted,Web,true,2024-01-20,006A1,2024-01-05T10:00:00.000+0000,005A1\n"
      + "00Q2,Per,Holm,Globex,Closed - Converted,Web,true,2024-01-25,006A2,2024-01-06T10:00:00.000+0000,005A1\n"
      + "00Q3,Ann,Sund,Initech,Working - Contacted,Web,false,,,2024-01-07T10:00:00.000+0000,005A1\n";
  static final String SF_OPPS = "Id,Name,AccountId,OwnerId,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,CurrencyIsoCode\n"
      + "006A1,Acme deal,001A1,005A1,Closed Won,1000,2024-03-15,true,true,2024-01-20T09:00:00.000+0000,USD\n"
      + "006A2,Globex deal,001A2,005A1,Prospecting,500,2024-06-30,false,false,2024-01-25T09:00:00.000+0000,USD\n";

  /** Rows added, updated and unchanged in a table by an import. */
  static long[] loadedInto(ImportReport r, String table) {
    FileReport f = r.files().stream().filter(x -> x.table().equals(table)).findFirst().orElseThrow();
    return new long[] {f.added(), f.updated(), f.unchanged()};
  }

  /** Lead conversion over January 2024 leads: converted (lead of a won deal) / leads. */
  double[] leadConversion() {
    var q = new io.kompass.engine.query.KpiQuery(List.of(io.kompass.engine.query.KpiRequest.of("lead_conversion_rate")),
        java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 1, 31),
        new io.kompass.engine.query.Calendar(io.kompass.engine.query.Grain.TOTAL, 1), List.of(), null, 1, null);
    var cell = io.kompass.engine.run.KpiEngine.on(ws, io.kompass.engine.catalog.Catalog.builtin()).run(q).kpis().get(0).cells().get(0);
    return new double[] {cell.numerator(), cell.denominator()};
  }

  @Test
  void salesforceLeadsLinkTheOpportunitiesTheyWereConvertedInto() throws Exception {
    Path leads = write("Lead.csv", SF_LEADS);
    Path opps = write("Opportunity.csv", SF_OPPS);
    // Leads first, opportunities in a later import: the opportunities take their lead while they are checked.
    importAll(leads);
    ImportReport r = importAll(opps);
    assertThat(r.quarantined()).isZero();
    assertThat(rows("SELECT id, lead_id FROM deals ORDER BY id")).containsExactly(List.of("006A1", "00Q1"), List.of("006A2", "00Q2"));
    assertThat(leadConversion()).containsExactly(1, 3); // only 006A1 is won
    // Re-importing either file changes nothing.
    assertThat(loadedInto(importAll(opps), "deals")).containsExactly(0, 0, 2);
    assertThat(loadedInto(importAll(leads), "leads")).containsExactly(0, 0, 3);
    assertThat(rows("SELECT id, lead_id FROM deals ORDER BY id")).containsExactly(List.of("006A1", "00Q1"), List.of("006A2", "00Q2"));
  }

  @Test
  void salesforceLeadsImportedAfterTheirOpportunitiesStillLinkThem() throws Exception {
    Path leads = write("Lead.csv", SF_LEADS);
    Path opps = write("Opportunity.csv", SF_OPPS);
    importAll(opps);
    assertThat(leadConversion()).containsExactly(0, 0);
    importAll(leads);
    assertThat(rows("SELECT id, lead_id FROM deals ORDER BY id")).containsExactly(List.of("006A1", "00Q1"), List.of("006A2", "00Q2"));
    assertThat(leadConversion()).containsExactly(1, 3);
    assertThat(loadedInto(importAll(opps), "deals")).containsExactly(0, 0, 2);
    // A deal that names its own lead keeps it.
    write("deals.csv", "id,stage,status,created_at,lead_id\n006A2,Prospecting,open,2024-01-25,00Q3\n");
    importAll(dir.resolve("deals.csv"));
    assertThat(rows("SELECT lead_id FROM deals WHERE id = '006A2'")).containsExactly(List.of("00Q3"));
  }

  @Test
  void anOwnerKnownOnlyByIdTakesItsNameFromALaterFileThatHasIt() throws Exception {
    importAll(write("Lead.csv", SF_LEADS));
    assertThat(rows("SELECT id, name FROM reps")).containsExactly(List.of("005A1", "005A1"));
    Path opps = write("Opportunity.csv", "Id,Name,AccountId,OwnerId,Owner.Name,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate\n"
        + "006A1,Acme deal,001A1,005A1,Anna Berg,Closed Won,1000,2024-03-15,true,true,2024-01-20T09:00:00.000+0000\n");
    importAll(opps);
    assertThat(rows("SELECT id, name FROM reps")).containsExactly(List.of("005A1", "Anna Berg"));
    // Named once, the rep stays as it is when the file is imported again.
    assertThat(loadedInto(importAll(opps), "reps")).containsExactly(0, 0, 0);
    assertThat(rows("SELECT id, name FROM reps")).containsExactly(List.of("005A1", "Anna Berg"));
    // A rep loaded with more than its id (a team, a start) is not a placeholder: it keeps its values and its name.
    write("reps.csv", "id,name,started_at\n005B2,005B2,2023-01-01\n");
    importAll(dir.resolve("reps.csv"));
    importAll(write("Opportunity.csv", "Id,Name,AccountId,OwnerId,Owner.Name,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate\n"
        + "006B1,Globex deal,001A1,005B2,Bo Ek,Closed Won,1000,2024-03-15,true,true,2024-01-20T09:00:00.000+0000\n"));
    assertThat(rows("SELECT name, CAST(started_at AS VARCHAR) FROM reps WHERE id = '005B2'")).containsExactly(List.of("005B2", "2023-01-01"));
  }

  @Test
  void zohoDealsExportKeepsItsIdsAndCreatesPlaceholdersForOwnersAndAccounts() throws Exception {
    Path deals = write("Deals_2026_05_28.csv",
        "Record Id,Deal Owner.id,Deal Owner,Deal Name,Amount,Stage,Closing Date,Account Name.id,Account Name,Created Time,Currency\n"
            + "zcrm_4876876000000311,zcrm_48768760000001,Eva Lind,Big deal,\"95,570.69\",Closed Won,03/28/2024,zcrm_4876876000000901,Acme,03/01/2024 10:15 AM,USD\n"
            + "zcrm_4876876000000312,zcrm_48768760000001,Eva Lind,Small deal,1200,Qualification,04/15/2024,,,03/02/2024 09:00 AM,USD\n");
    ImportReport r = importAll(deals);

    assertThat(r.quarantined()).isZero();
    assertThat(r.warnings()).isEmpty(); // 03/28/2024 can only be month-first
    assertThat(rows("SELECT id, status, CAST(amount AS VARCHAR), CAST(created_at AS VARCHAR), CAST(closed_at AS VARCHAR), owner_id, account_id, source_system FROM deals ORDER BY id"))
        .containsExactly(
            List.of("zcrm_4876876000000311", "won", "95570.69", "2024-03-01 10:15:00", "2024-03-28 00:00:00", "zcrm_48768760000001", "zcrm_4876876000000901", "zoho"),
            java.util.Arrays.asList("zcrm_4876876000000312", "open", "1200.00", "2024-03-02 09:00:00", null, "zcrm_48768760000001", null, "zoho"));
    assertThat(rows("SELECT name FROM reps")).containsExactly(List.of("Eva Lind"));
  }

  @Test
  void datesThatCouldBeEitherWayAreReadByTheVendorsOrderWithAWarning() throws Exception {
    Path deals = write("deals-export.csv",
        "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created\n"
            + "1,A,100,Proposal,Open,Anna,03/04/2024\n");
    ImportReport r = importAll(deals);
    assertThat(r.warnings()).containsExactly(
        "deals-export.csv: dates such as '03/04/2024' could be day-first or month-first; read as month-first (12/31/2024)."
            + " If that is wrong, import again with --dates dmy.");
    assertThat(rows("SELECT CAST(created_at AS DATE) FROM deals")).containsExactly(List.of("2024-03-04"));

    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("dmy", "auto"), deals);
    assertThat(rows("SELECT CAST(created_at AS DATE) FROM deals")).containsExactly(List.of("2024-04-03"));
  }

  @Test
  void anAmountTakesTheCurrencyOfItsOwnColumn() throws Exception {
    write("currency_rates.csv", "rate_date,currency,rate\n2024-01-01,SEK,0.1\n2024-01-01,EUR,1.1\n");
    importAll(dir.resolve("currency_rates.csv"));
    Path report = write("report-converted.csv",
        "\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Stage\",\"Opportunity Currency\",\"Amount (converted) Currency\","
            + "\"Amount (converted)\",\"Close Date\",\"Created Date\"\n"
            + "\"Anna Berg\",\"Acme Inc\",\"Acme expansion\",\"Closed Won\",\"SEK\",\"EUR\",\"1,000.00\",\"3/15/2024\",\"1/10/2024\"\n");
    importAll(report);
    assertThat(rows("SELECT CAST(amount AS VARCHAR), currency FROM deals")).containsExactly(List.of("1000.00", "EUR"));
  }

  @Test
  void anAmountInTheCompanyCurrencyIsNotGivenTheDealsCurrency() throws Exception {
    write("currency_rates.csv", "rate_date,currency,rate\n2024-01-01,SEK,0.1\n");
    importAll(dir.resolve("currency_rates.csv"));
    Path deals = write("hubspot-crm-exports-all-deals.csv",
        "Record ID,Deal Name,Deal Stage,Amount in company currency,Currency,Close Date,Create Date,Deal owner\n"
            + "101,A,Closed Won,\"1,000.00\",SEK,2024-03-15,2024-01-10,Anna Berg\n");
    ImportReport r = importAll(deals);
    assertThat(rows("SELECT CAST(amount AS VARCHAR), currency FROM deals")).containsExactly(List.of("1000.00", "USD"));
    assertThat(r.warnings()).containsExactly("hubspot-crm-exports-all-deals.csv: amounts are read from 'Amount in company currency', which is in"
        + " the CRM's company currency, and taken as USD, the workspace currency; if the company currency is another, add the deals' own"
        + " amount column to the export.");

    Path both = write("hubspot-crm-exports-all-deals.csv",
        "Record ID,Deal Name,Deal Stage,Amount,Amount in company currency,Currency,Close Date,Create Date,Deal owner\n"
            + "101,A,Closed Won,1100,\"1,000.00\",SEK,2024-03-15,2024-01-10,Anna Berg\n");
    assertThat(importAll(both).warnings()).isEmpty();
    assertThat(rows("SELECT CAST(amount AS VARCHAR), currency FROM deals")).containsExactly(List.of("1100.00", "SEK"));
  }

  @Test
  void pipedriveActivitiesReachTheirDealsWithDottedDatesReadDayFirst() throws Exception {
    Path deals = write("deals-export.csv",
        "Deal - ID;Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created;Deal - Won time\n"
            + "101;A;100;Won;Won;Anna Berg;03.02.2025 09:00;20.02.2025 10:00\n");
    Path activities = write("pipedrive-activities-2025-05-01.csv",
        "Activity - ID;Activity - Subject;Activity - Type;Activity - Due date;Activity - Due time;Activity - Duration;Activity - Done;"
            + "Activity - Assigned to user;Activity - Deal ID\n"
            + "31;Intro call;Call;10.02.2025;09:00;00:30;Done;Anna Berg;101\n"
            + "32;Follow-up;Call;20.02.2025;14:00;00:15;Done;Anna Berg;\n");
    ImportReport r = importAll(deals, activities);
    assertThat(r.quarantined()).as(r.files().toString()).isZero();
    assertThat(rows("SELECT id, deal_id, CAST(occurred_at AS VARCHAR) FROM activities ORDER BY id")).containsExactly(
        java.util.Arrays.asList("pipedrive-31", "pipedrive-101", "2025-02-10 09:00:00"),
        java.util.Arrays.asList("pipedrive-32", null, "2025-02-20 14:00:00"));
  }

  @Test
  void pipedriveActivitiesInSwedishKeepTheirTypesAndReachTheirDealsByTheDealsOwnId() throws Exception {
    Path deals = write("deals-export.csv",
        "Deal - ID;Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created;Deal - Won time\n"
            + "101;A;100;Won;Won;Anna Berg;03.02.2025 09:00;20.02.2025 10:00\n");
    Path activities = write("activities-export.csv",
        "Activity - ID;Activity - Subject;Activity - Type;Activity - Due date;Activity - Done;Activity - Assigned to user;Deal - ID;Deal - Title\n"
            + "41;Första samtalet;Samtal;10.02.2025;Klar;Anna Berg;101;A\n"
            + "42;Demo;Möte;12.02.2025;Klar;Anna Berg;101;A\n"
            + "43;Offert;E-post;14.02.2025;Att göra;Anna Berg;101;A\n");
    ImportReport r = importAll(deals, activities);
    assertThat(r.quarantined()).as(r.files().toString()).isZero();
    assertThat(rows("SELECT id, type, CAST(done AS VARCHAR), deal_id FROM activities ORDER BY id")).containsExactly(
        List.of("pipedrive-41", "call", "true", "pipedrive-101"), List.of("pipedrive-42", "meeting", "true", "pipedrive-101"),
        List.of("pipedrive-43", "email", "false", "pipedrive-101"));
  }

  @Test
  void aDealClosedTheDayItWasCreatedLoadsWhenItsCloseDateHasNoTime() throws Exception {
    Path opps = write("Opportunity.csv", "Id,Name,AccountId,OwnerId,Owner.Name,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate\n"
        + "006A1,Same day,001A1,005A1,Anna Berg,Closed Won,1000,2024-03-15,true,true,2024-03-15T09:00:00.000+0000\n"
        // Created at 20:00 in New York on the 14th, which is 01:00 on the 15th in this workspace's time zone (UTC).
        + "006A2,Day before,001A1,005A1,Anna Berg,Closed Won,1000,2024-03-14,true,true,2024-03-14T20:00:00.000-0500\n"
        + "006A3,Two days before,001A1,005A1,Anna Berg,Closed Won,1000,2024-03-13,true,true,2024-03-15T09:00:00.000+0000\n");
    ImportReport r = importAll(opps);
    // The day before too: a date is a day where the CRM's user is, the creation time is in UTC, read in the workspace's zone.
    assertThat(rows("SELECT id, CAST(created_at AS VARCHAR), CAST(closed_at AS VARCHAR) FROM deals ORDER BY id")).containsExactly(
        List.of("006A1", "2024-03-15 09:00:00", "2024-03-15 09:00:00"), List.of("006A2", "2024-03-15 01:00:00", "2024-03-15 01:00:00"));
    assertThat(rows("SELECT line, reason FROM quarantine")).containsExactly(List.of("4", "closed_at: closed before it was created"));
    // Its history opens and closes in that order, so it is not open after its close.
    assertThat(rows("SELECT status, CAST(entered_at AS VARCHAR), CAST(left_at AS VARCHAR) FROM deal_stage_history WHERE deal_id = '006A1'"
        + " ORDER BY left_at NULLS LAST")).containsExactly(
            java.util.Arrays.asList("open", "2024-03-15 09:00:00", "2024-03-15 09:00:00"),
            java.util.Arrays.asList("won", "2024-03-15 09:00:00", null));
    assertThat(loadedInto(importAll(opps), "deals")).containsExactly(0, 0, 2);
    // A time given explicitly is taken as written: closed at 08:00 before its creation at 09:00 is quarantined.
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id\nD1,Won,won,10,USD,2024-03-15 09:00,2024-03-15 08:00,005A1\n");
    importAll(dir.resolve("deals.csv"));
    assertThat(rows("SELECT reason FROM quarantine WHERE record_id = 'D1'")).containsExactly(List.of("closed_at: closed before it was created"));
    assertThat(r.files()).isNotEmpty();
  }

  @Test
  void pipedriveAndZohoDealsLinkTheirPersonOrContactSoThatLeadConversionCountsThem() throws Exception {
    Path people = write("people.csv", "Person - ID,Person - Name,Person - Email,Person - Owner,Person - Person created\n"
        + "7,Eva Lind,eva@x.se,Anna Berg,2024-01-15 09:00:00\n8,Olle Ek,olle@x.se,Anna Berg,2024-01-16 09:00:00\n");
    Path deals = write("deals-export.csv",
        "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Contact person,Deal - Deal created,Deal - Won time\n"
            + "101,A,100,Won,Won,Anna Berg,eva lind,2024-02-01,2024-03-01\n102,B,100,Proposal,Open,Anna Berg,Nobody Known,2024-02-01,\n");
    ImportReport r = importAll(people, deals);
    assertThat(r.quarantined()).as(r.files().toString()).isZero();
    assertThat(rows("SELECT id, lead_id FROM deals ORDER BY id")).containsExactly(
        List.of("pipedrive-101", "pipedrive-7"), java.util.Arrays.asList("pipedrive-102", null));

    Path contacts = write("Contacts_2026_05_28.csv", "Record Id,Contact Owner.id,Contact Owner,First Name,Last Name,Created Time\n"
        + "zcrm_1,zcrm_9,Anna Berg,Eva,Lind,2024-01-15 09:00:00\n");
    Path zoho = write("Deals_2026_05_28.csv",
        "Record Id,Deal Owner.id,Deal Owner,Deal Name,Amount,Stage,Closing Date,Contact Name.id,Contact Name,Created Time\n"
            + "zcrm_51,zcrm_9,Anna Berg,Telia,1000,Closed Won,2024-03-01,zcrm_1,Eva Lind,2024-02-01 10:00:00\n"
            + "zcrm_52,zcrm_9,Anna Berg,Other,1000,Qualification,2024-03-01,zcrm_404,Nobody,2024-02-01 10:00:00\n");
    ImportReport z = importAll(contacts, zoho);
    assertThat(z.quarantined()).as(z.files().toString()).isZero();
    assertThat(rows("SELECT id, lead_id FROM deals WHERE id LIKE 'zcrm%' ORDER BY id")).containsExactly(
        List.of("zcrm_51", "zcrm_1"), java.util.Arrays.asList("zcrm_52", null));
  }

  @Test
  void aPipedriveDealsOwnStatusIsNotOverruledByAStageGivenWithStage() throws Exception {
    String header = "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created,Deal - Won time,Deal - Lost time\n";
    Path deals = write("deals-export.csv", header
        + "1,A,100,Muntligt ja,Lost,Anna Berg,2024-02-01,,2024-03-01\n"
        + "2,B,100,Muntligt ja,Open,Anna Berg,2024-02-01,,\n"
        + "3,C,100,Muntligt ja,Won,Anna Berg,2024-02-01,2024-03-05,\n");
    ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withStages(Map.of("Muntligt ja", "won")), deals);
    // Pipedrive keeps a lost deal's stage: the status column says what the deal is, not the stage.
    assertThat(rows("SELECT id, status FROM deals ORDER BY id"))
        .containsExactly(List.of("pipedrive-1", "lost"), List.of("pipedrive-2", "open"), List.of("pipedrive-3", "won"));
    assertThat(rows("SELECT count(*) FROM quarantine")).containsExactly(List.of("0"));
    assertThat(r.warnings()).contains("deals-export.csv: each deal's status is read from its column 'Deal - Status' (a deal won or lost keeps"
        + " its stage), so a status given with --stage is only used for deals without one");
    // A deal open again in the file is not a stage to declare: no --stage advice.
    Files.writeString(deals, header + "1,A,100,Muntligt ja,Open,Anna Berg,2024-02-01,,\n");
    ImportReport reopened = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 2, 12, 0)).withStages(Map.of("Muntligt ja", "default")), deals);
    assertThat(reopened.warnings()).contains("deals-export.csv: 1 deal stored as won or lost is open in this file (column 'Deal - Status'):"
        + " reopened in the CRM, or the file is older than one imported before. It is open from now on; to go back, import the newer file again");
  }

  @Test
  void aReopenedPipedriveDealClosesAtTheTimeThatGoesWithItsStatus() throws Exception {
    Path deals = write("deals-export.csv", "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created,"
        + "Deal - Won time,Deal - Lost time\n"
        // Won in March, reopened, lost in May: Pipedrive keeps both times.
        + "1,A,100,Proposal,Lost,Anna Berg,2026-02-01,2026-03-10,2026-05-20\n"
        // Lost, then reopened: open, with its old lost time.
        + "2,B,100,Proposal,Open,Anna Berg,2026-02-01,,2026-03-01\n"
        + "3,C,100,Proposal,Won,Anna Berg,2026-02-01,2026-04-02,2026-03-01\n");
    ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2026, 6, 1, 12, 0)), deals);
    assertThat(r.quarantined()).as(r.files().toString()).isZero();
    assertThat(rows("SELECT id, status, CAST(closed_at AS VARCHAR) FROM deals ORDER BY id")).containsExactly(
        List.of("pipedrive-1", "lost", "2026-05-20 00:00:00"), java.util.Arrays.asList("pipedrive-2", "open", null),
        List.of("pipedrive-3", "won", "2026-04-02 00:00:00"));
  }

  @Test
  void aDryRunOfTwoExportsOfOneTableShowsEachFilesMappingBesideItsOwnReport() throws Exception {
    Path zoho = write("Deals_2026_05_28.csv", "Record Id,Deal Owner.id,Deal Owner,Deal Name,Amount,Stage,Closing Date,Created Time\n"
        + "zcrm_51,zcrm_9,Anna Berg,Telia,1000,Closed Won,2024-03-01,2024-02-01 10:00:00\n");
    Path pipedrive = write("deals-export.csv", "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created\n"
        + "101,A,100,Proposal,Open,Anna Berg,2024-02-01\n102,B,100,Proposal,Open,Anna Berg,2024-02-01\n");
    ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withDryRun(true), zoho, pipedrive);
    assertThat(r.previews()).hasSameSizeAs(r.files());
    for (int i = 0; i < r.files().size(); i++) {
      assertThat(r.files().get(i).file()).endsWith(r.previews().get(i).file());
      assertThat(r.previews().get(i).table()).isEqualTo(r.files().get(i).table());
    }
    assertThat(r.previews()).filteredOn(p -> p.table().equals("deals")).extracting(p -> p.rows().get(0).get(0))
        .containsExactlyInAnyOrder("zcrm_51", "pipedrive-101");
    assertThat(r.previews()).filteredOn(p -> p.table().equals("deals") && p.file().endsWith("deals-export.csv")).extracting(p -> p.rows().size())
        .containsExactly(2);
  }

  @Test
  void amountsWithLocalCurrencySignsBeforeOrAfterAreRead() throws Exception {
    write("currency_rates.csv", "rate_date,currency,rate\n2024-01-01,SEK,0.1\n2024-01-01,CZK,0.04\n");
    importAll(dir.resolve("currency_rates.csv"));
    Path deals = write("deals-export.csv", "Deal - ID;Deal - Title;Deal - Value;Deal - Currency;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created\n"
        + "1;A;12 500,50 kr;SEK;Proposal;Open;Anna;2024-02-01\n2;B;kr 99,50;SEK;Proposal;Open;Anna;2024-02-01\n"
        + "3;C;1 000 Kč;CZK;Proposal;Open;Anna;2024-02-01\n4;D;1.250,00 kr.;SEK;Proposal;Open;Anna;2024-02-01\n");
    ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("auto", "comma"), deals);
    assertThat(r.quarantined()).as(r.files().toString()).isZero();
    assertThat(rows("SELECT id, CAST(amount AS VARCHAR) FROM deals ORDER BY id")).containsExactly(
        List.of("pipedrive-1", "12500.50"), List.of("pipedrive-2", "99.50"), List.of("pipedrive-3", "1000.00"), List.of("pipedrive-4", "1250.00"));
  }

  @Test
  void aTypesetMinusSignIsAMinus() throws Exception {
    Path deals = write("deals-export.csv", "Deal - ID;Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created\n"
        + "1;A;\u22121 000,00;Proposal;Open;Anna;2024-02-01\n2;B;1 000,00;Proposal;Open;Anna;2024-02-01\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("auto", "comma"), deals);
    // Read as the negative number it is, and quarantined for that (not as "not a number").
    assertThat(rows("SELECT record_id, reason FROM quarantine")).containsExactly(List.of("pipedrive-1", "amount: negative amount '\u22121 000,00'"));
  }

  @Test
  void plainDecimalPointsAsExcelNumberCellsWriteThemLoadBesideTextWithADecimalComma() throws Exception {
    // An Excel sheet's number cells come out as 12500.5; its text cells as the user typed them, 1 234 567,50.
    Path deals = write("deals-export.csv", "Deal - ID;Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created\n"
        + "1;A;12500.5;Proposal;Open;Anna;2024-02-01\n2;B;1 234 567,50;Proposal;Open;Anna;2024-02-01\n3;C;980.25;Proposal;Open;Anna;2024-02-01\n");
    for (String decimal : List.of("auto", "comma")) {
      ImportReport r = importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("auto", decimal), deals);
      assertThat(r.quarantined()).as(decimal + " " + r.files()).isZero();
      assertThat(rows("SELECT id, CAST(amount AS VARCHAR) FROM deals ORDER BY id")).containsExactly(
          List.of("pipedrive-1", "12500.50"), List.of("pipedrive-2", "1234567.50"), List.of("pipedrive-3", "980.25"));
    }
  }

  @Test
  void aPipedriveDealExportedAsDeletedLeavesTheWorkspace() throws Exception {
    String header = "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created\n";
    importAll(write("deals-export.csv", header + "104,A,100,Proposal,Open,Anna,2024-02-01\n105,B,100,Proposal,Open,Anna,2024-02-01\n"));
    Path deleted = write("deals-export.csv", header + "104,A,100,Proposal,Open,Anna,2024-02-01\n105,B,100,Proposal,deleted,Anna,2024-02-01\n");
    // A dry run says what would happen, and removes nothing.
    assertThat(importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withDryRun(true), deleted).warnings())
        .containsExactly("deals-export.csv: 1 stored row of deals would be removed, as the file marks it deleted");
    assertThat(rows("SELECT count(*) FROM deals")).containsExactly(List.of("2"));
    ImportReport r = importAll(deleted);
    assertThat(rows("SELECT id FROM deals ORDER BY id")).containsExactly(List.of("pipedrive-104"));
    assertThat(rows("SELECT count(*) FROM deal_stage_history WHERE deal_id = 'pipedrive-105'")).containsExactly(List.of("0"));
    assertThat(r.warnings()).containsExactly("deals-export.csv: 1 stored row of deals removed, as the file marks it deleted");
    assertThat(importAll(write("deals-export.csv", header + "104,A,100,Proposal,Open,Anna,2024-02-01\n105,B,100,Proposal,deleted,Anna,2024-02-01\n"))
        .warnings()).isEmpty();

    // Two exports in one import: the later file's word counts, whichever it is.
    Path older = Files.createDirectories(dir.resolve("a1")).resolve("deals-export.csv");
    Path newer = Files.createDirectories(dir.resolve("b2")).resolve("deals-export.csv");
    Files.writeString(older, header + "106,C,100,Proposal,Open,Anna,2024-02-01\n107,D,100,Proposal,deleted,Anna,2024-02-01\n");
    Files.writeString(newer, header + "106,C,100,Proposal,deleted,Anna,2024-02-01\n107,D,100,Proposal,Open,Anna,2024-02-01\n");
    importAll(older, newer);
    assertThat(rows("SELECT id FROM deals WHERE id IN ('pipedrive-106', 'pipedrive-107')")).containsExactly(List.of("pipedrive-107"));
    assertThat(rows("SELECT count(*) FROM deal_stage_history WHERE deal_id = 'pipedrive-106'")).containsExactly(List.of("0"));
  }

  @Test
  void threeDecimalsAfterAPointKeepADecimalPointBesideAFewCommas() throws Exception {
    Path deals = write("deals-export.csv", "Deal - ID;Deal - Title;Deal - Value;Deal - Stage;Deal - Status;Deal - Owner;Deal - Deal created\n"
        + "1;A;2.5;Proposal;Open;Anna;2024-02-01\n2;B;0.125;Proposal;Open;Anna;2024-02-01\n3;C;1,5;Proposal;Open;Anna;2024-02-01\n"
        + "4;D;12.40;Proposal;Open;Anna;2024-02-01\n");
    importAll(deals);
    assertThat(rows("SELECT amount < 1 FROM deals WHERE id = 'pipedrive-2'")).containsExactly(List.of("true"));
  }

  @Test
  void twoDigitYearsAreReadAsThisCenturyInEitherOrder() throws Exception {
    Path dayFirst = write("deals-export.csv",
        "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created,Deal - Won time\n"
            + "1,A,100,Won,Won,Anna,12/01/24,17/03/24 10:30\n"
            + "2,B,100,Won,Won,Anna,15/03/2024,20/03/2024\n"
            + "5,E,100,Won,Won,Anna,2024/01/13,2024/03/20\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("dmy", "auto"), dayFirst);
    assertThat(rows("SELECT id, CAST(created_at AS VARCHAR), CAST(closed_at AS VARCHAR) FROM deals ORDER BY id")).containsExactly(
        List.of("pipedrive-1", "2024-01-12 00:00:00", "2024-03-17 10:30:00"),
        List.of("pipedrive-2", "2024-03-15 00:00:00", "2024-03-20 00:00:00"),
        List.of("pipedrive-5", "2024-01-13 00:00:00", "2024-03-20 00:00:00"));

    Path monthFirst = write("deals-export.csv",
        "Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created\n"
            + "3,C,100,Proposal,Open,Anna,1/12/24\n"
            + "4,D,100,Proposal,Open,Anna,1/13/24\n");
    importAll(ImportOptions.defaults(LocalDateTime.of(2025, 6, 1, 12, 0)).withLocale("mdy", "auto"), monthFirst);
    assertThat(rows("SELECT id, CAST(created_at AS DATE) FROM deals WHERE id IN ('pipedrive-3', 'pipedrive-4') ORDER BY id")).containsExactly(
        List.of("pipedrive-3", "2024-01-12"), List.of("pipedrive-4", "2024-01-13"));
  }

  @Test
  void dealsFindTheCompaniesOfACompaniesExportByNameIgnoringCase() throws Exception {
    Path companies = write("hubspot-crm-exports-all-companies.csv", "Record ID,Company name,Company Domain Name\n301,Acme Inc,acme.com\n");
    Path deals = write("hubspot-crm-exports-all-deals.csv",
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Associated Company\n"
            + "101,A,Closed Won,10,2024-03-15,2024-01-10,Anna Berg,ACME INC\n"
            + "102,B,Closed Won,10,2024-03-15,2024-01-10,anna berg,Globex\n");
    ImportReport r = importAll(companies, deals);
    assertThat(r.quarantined()).isZero();
    assertThat(rows("SELECT d.id, d.account_id, d.owner_id FROM deals d ORDER BY d.id"))
        .containsExactly(List.of("hubspot-101", "hubspot-301", "hubspot:Anna Berg"), List.of("hubspot-102", "hubspot:Globex", "hubspot:Anna Berg"));
    assertThat(rows("SELECT count(*) FROM reps")).containsExactly(List.of("1"));
  }
}

package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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

class CanonicalImportTest {

  @TempDir Path dir;
  Workspace ws;
  static int counter;

  @BeforeEach
  void open() {
    ws = Workspace.openInMemory("import" + (counter++), new Settings("EUR", ZoneId.of("Europe/Stockholm")));
  }

  @AfterEach
  void close() {
    ws.close();
  }

  Path write(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  ImportReport importAll(Path... paths) {
    return new CanonicalImport(ws, new ImportOptions("csv", LocalDateTime.of(2025, 6, 1, 12, 0)), Progress.NONE)
        .run(List.of(paths));
  }

  void writeBasics() throws IOException {
    write("currency_rates.csv", "rate_date,currency,rate", "2024-01-01,SEK,0.09", "2024-07-01,SEK,0.085");
    write("teams.csv", "id,name,region", "T1,Nordics,North", "T2,DACH,Central");
    write("reps.csv", "id,name,email,team_id,started_at", "R1,Anna Berg,anna@x.se,T1,2023-01-10", "R2,Jonas Ek,,T2,2024-03-01");
    write("accounts.csv", "id,name,segment", "A1,Acme AB,SMB", "A2,Globex GmbH,Enterprise");
  }

  long count(String sql) throws SQLException {
    try (Connection c = ws.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  List<List<String>> rows(String sql) throws SQLException {
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

  @Test
  void loadsAFolderInDependencyOrderWithRowAccountingPerFile() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,name,stage,status,amount,currency,created_at,closed_at,owner_id,account_id",
        "D1,Big one,Closed Won,won,1000.50,EUR,2024-02-01,2024-03-15,R1,A1",
        "D2,Small,Proposal,open,200,SEK,2024-05-01 10:00:00,,R2,A2");
    ImportReport report = importAll(dir);

    assertThat(report.files()).extracting(FileReport::table)
        .containsExactly("currency_rates", "teams", "reps", "accounts", "deals");
    for (FileReport f : report.files()) {
      assertThat(f.read()).isEqualTo(f.loaded() + f.quarantined());
      assertThat(f.quarantined()).isZero();
    }
    assertThat(count("SELECT count(*) FROM deals")).isEqualTo(2);
    assertThat(rows("SELECT amount, currency, CAST(created_at AS VARCHAR), source_system FROM deals WHERE id = 'D1'"))
        .containsExactly(List.of("1000.50", "EUR", "2024-02-01 00:00:00", "csv"));
  }

  @Test
  void everyBadRowIsQuarantinedWithFileRowFieldAndReason() throws Exception {
    writeBasics();
    Path deals = write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1,A1",       // line 2: fine
        "D2,Won,won,12abc,EUR,2024-02-01,2024-03-15,R1,A1",      // 3: bad number
        "D3,Won,won,100,EUR,2024-13-45,2024-03-15,R1,A1",        // 4: bad date
        "D4,Won,won,100,EUR,,2024-03-15,R1,A1",                  // 5: missing created_at
        "D5,Won,won,100,XYZ,2024-02-01,2024-03-15,R1,A1",        // 6: unknown currency
        "D6,Won,won,100,EUR,2024-02-01,2024-03-15,R9,A1",        // 7: missing rep
        "D7,Won,won,100,EUR,2024-02-01,2024-01-15,R1,A1",        // 8: closed before created
        "D8,Won,won,-5,EUR,2024-02-01,2024-03-15,R1,A1",         // 9: negative amount
        "D9,Won,won,100,EUR,2024-02-01,2024-03-15,R1,A1",        // 10: duplicate id
        "D9,Won,won,200,EUR,2024-02-01,2024-03-15,R1,A1",        // 11: duplicate id
        "D10,Won,maybe,100,EUR,2024-02-01,2024-03-15,R1,A1",     // 12: bad status
        "D11,Won,won,100,EUR,2024-02-01,2024-03-15,R1,A1,extra", // 13: too many fields
        "D12,Won,won,100,EUR,2024-02-01,2024-03-15,R1,A7");      // 14: missing account
    ImportReport report = importAll(dir);

    FileReport f = report.files().stream().filter(r -> r.table().equals("deals")).findFirst().orElseThrow();
    assertThat(f.read()).isEqualTo(13);
    assertThat(f.loaded()).isEqualTo(1);
    assertThat(f.quarantined()).isEqualTo(12);
    assertThat(rows("SELECT line, field, reason FROM quarantine WHERE table_name = 'deals' ORDER BY line"))
        .containsExactly(
            List.of("3", "amount", "amount: not a number (write 1234.50, no thousands separators): '12abc'"),
            List.of("4", "created_at", "created_at: not a date/time (write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, optionally with Z or an offset like +01:00): '2024-13-45'"),
            List.of("5", "created_at", "created_at: missing (required)"),
            List.of("6", "currency", "currency: unknown currency 'XYZ': there is no exchange rate to EUR; add its rates to currency_rates.csv"),
            List.of("7", "owner_id", "owner_id: no rep with id 'R9' in the workspace or earlier in this import (import reps.csv or the CRM's export of them first, or fix the id)"),
            List.of("8", "closed_at", "closed_at: closed before it was created"),
            List.of("9", "amount", "amount: negative amount '-5'"),
            List.of("10", "id", "id: id 'D9' appears 2 times in this file; keep one row per id"),
            List.of("11", "id", "id: id 'D9' appears 2 times in this file; keep one row per id"),
            List.of("12", "status", "status: 'maybe' is not one of open, won, lost"),
            java.util.Arrays.asList("13", null, "row has more fields than the header; a value containing the separator must be in double quotes"),
            List.of("14", "account_id", "account_id: no account with id 'A7' in the workspace or earlier in this import (import accounts.csv or the CRM's export of them first, or fix the id)"));
    assertThat(rows("SELECT DISTINCT file FROM quarantine WHERE table_name = 'deals'")).containsExactly(List.of("deals.csv"));
    assertThat(rows("SELECT raw FROM quarantine WHERE line = 3"))
        .containsExactly(List.of("id=D2, stage=Won, status=won, amount=12abc, currency=EUR, created_at=2024-02-01, closed_at=2024-03-15, owner_id=R1, account_id=A1"));
    assertThat(deals).exists();
  }

  @Test
  void negativeAmountsAndDuplicateIdsGroupAsOneProblemEachWhateverTheirValues() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,-5,EUR,2024-02-01,2024-03-15,R1",
        "D2,Won,won,-7.50,EUR,2024-02-01,2024-03-15,R1",
        "D3,Won,won,1,EUR,2024-02-01,2024-03-15,R1",
        "D3,Won,won,2,EUR,2024-02-01,2024-03-15,R1",
        "D4,Won,won,1,EUR,2024-02-01,2024-03-15,R1",
        "D4,Won,won,2,EUR,2024-02-01,2024-03-15,R1");
    importAll(dir);

    assertThat(QuarantineReport.groups(ws, 5).stream().map(g -> g.problem() + " × " + g.rows()).toList())
        .containsExactlyInAnyOrder(
            "id: id '…' appears 2 times in this file; keep one row per id × 4",
            "amount: negative amount '…' × 2");
  }

  @Test
  void aRowWhoseDealIsInQuarantineSaysSoInsteadOfAskingForTheDealsFile() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,12abc,EUR,2024-01-13,2024-03-15,R1");
    write("activities.csv", "id,type,occurred_at,deal_id", "X1,call,2024-02-01,D1", "X2,call,2024-02-01,D404");
    importAll(dir);
    assertThat(rows("SELECT record_id, reason FROM quarantine WHERE table_name = 'activities' ORDER BY record_id")).containsExactly(
        List.of("X1", "deal_id: deal 'D1' is in quarantine, not loaded; fix that row, then import this file again"),
        List.of("X2", "deal_id: no deal with id 'D404' in the workspace or earlier in this import (import deals.csv or the CRM's export of them first, or fix the id)"));
  }

  @Test
  void aYearWithTwoDigitsIsQuarantinedInsteadOfLoadingAsTheYear24() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1,EUR,24-01-13,2024-03-15,R1",
        "D2,Won,won,1,EUR,2024-01-13,2024-03-15,R1");
    importAll(dir);
    assertThat(rows("SELECT id FROM deals")).containsExactly(List.of("D2"));
    assertThat(rows("SELECT line, reason FROM quarantine"))
        .containsExactly(List.of("2", "created_at: year outside 1900-2199 (write the year with four digits): '24-01-13'"));
  }

  @Test
  void lineNumbersStayRightAfterRowsTheCsvReaderRejects() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1,EUR,2024-02-01,2024-03-15,R1,too,many",
        "D2,Won,won,1,EUR,2024-02-01,2024-03-15,R1",
        "D3,Won,won,1,EUR,2024-02-01,2024-03-15",
        "D4,Won,won,x,EUR,2024-02-01,2024-03-15,R1");
    importAll(dir);
    assertThat(rows("SELECT line, field FROM quarantine ORDER BY line"))
        .containsExactly(java.util.Arrays.asList("2", null), List.of("4", "owner_id"), List.of("5", "amount"));
  }

  @Test
  void aQuotedValueSpanningLinesLoadsWholeAndShortRowsAfterItAreStillFound() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,name,product",
        "D1,Won,won,1,EUR,2024-02-01,2024-03-15,\"Smith\r\nand sons\",P1",
        "D2,Won,won,1,EUR,2024-02-01,2024-03-15,Acme",
        "D3,Won,won,x,EUR,2024-02-01,2024-03-15,Gamma,P3");
    importAll(dir);
    assertThat(rows("SELECT id, name, product FROM deals")).containsExactly(List.of("D1", "Smith\r\nand sons", "P1"));
    // Such a file is read on one thread (DuckDB pads short rows only so); a short row after the value is still found,
    // and the lines are the file's: D2 is on line 4, after D1's two lines.
    assertThat(rows("SELECT record_id, field, line FROM quarantine ORDER BY record_id"))
        .containsExactly(List.of("D2", "product", "4"), List.of("D3", "amount", "5"));
  }

  @Test
  void anExportThatEndsEveryDataLineWithTheSeparatorLoadsAndStillCatchesAShiftedRow() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,name,product",
        "D1,Won,won,1,EUR,2024-02-01,2024-03-15,Acme,P1,",
        "D2,Won,won,1,EUR,2024-02-01,2024-03-15,Smith, Inc,,",
        "D3,Won,won,1,EUR,2024-02-01,2024-03-15,Gamma,,");
    importAll(dir);
    assertThat(rows("SELECT id, name, product FROM deals ORDER BY id"))
        .containsExactly(List.of("D1", "Acme", "P1"), java.util.Arrays.asList("D3", "Gamma", null));
    assertThat(rows("SELECT line, reason FROM quarantine WHERE table_name = 'deals'")).containsExactly(
        List.of("3", "row has more fields than the header; a value containing the separator must be in double quotes"));
  }

  @Test
  void aHeaderNameWithALineBreakInItIsOneColumn() throws Exception {
    writeBasics();
    // As a spreadsheet saves a header cell with a line break (Alt+Enter in Excel): LF inside the cell, CR LF between rows.
    Files.writeString(dir.resolve("deals.csv"),
        "id,stage,status,\"Deal\nnotes\",created_at\r\nD1,Proposal,open,first,2024-02-01\r\nD2,New,open,second,2024-02-02\r\n");
    FileReport deals = importAll(dir).files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
    assertThat(List.of(deals.read(), deals.loaded())).containsExactly(2L, 2L);
    assertThat(deals.ignoredColumns()).containsExactly("Deal\nnotes");
    assertThat(rows("SELECT id, stage FROM deals ORDER BY id")).containsExactly(List.of("D1", "Proposal"), List.of("D2", "New"));
  }

  @Test
  void headerNamesWithSpacesAroundThemMatchTheirColumns() throws Exception {
    writeBasics();
    write("deals.csv", "id, stage , status,amount, currency,created_at ,closed_at", "D1,Won,won,5,EUR,2024-02-01,2024-03-15");
    importAll(dir);
    assertThat(rows("SELECT id, stage, CAST(amount AS INTEGER) FROM deals")).containsExactly(List.of("D1", "Won", "5"));
  }

  @Test
  void theLayoutOfALargeFileIsReadAcrossItsChunks() throws Exception {
    writeBasics();
    // Over 2 MB, so that line ends fall on the edges of the 1 MB chunks the layout scan reads: every line ends with
    // the separator and CR LF, and one quoted value in the middle spans two lines.
    StringBuilder csv = new StringBuilder("id,stage,status,amount,currency,created_at,closed_at,name\r\n");
    int rows = 40_000;
    for (int i = 1; i <= rows; i++) {
      csv.append("D").append(i).append(",Won,won,").append(i % 997).append(",EUR,2024-02-01,2024-03-15,")
          .append(i == rows / 2 ? "\"Deal\r\nin two lines\"" : "\"Deal " + i + "\"").append(",\r\n");
    }
    Files.writeString(dir.resolve("deals.csv"), csv);
    assertThat(Files.size(dir.resolve("deals.csv"))).isGreaterThan(2L << 20);
    FileReport deals = importAll(dir).files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
    assertThat(List.of(deals.read(), deals.loaded())).containsExactly((long) rows, (long) rows);
    assertThat(rows("SELECT name FROM deals WHERE id = 'D" + rows / 2 + "'")).containsExactly(List.of("Deal\r\nin two lines"));
  }

  @Test
  void linesAfterEmptyLinesAreTheFilesLines() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at",
        "D1,Won,won,1,EUR,2024-02-01,2024-03-15",
        "",
        "",
        "D2,Won,won,1,EUR",
        "D3,Won,won,x,EUR,2024-02-01,2024-03-15",
        "",
        "D4,Won,won,1,EUR,2024-02-01,2024-03-15,too,many",
        "D5,Won,won,y,EUR,2024-02-01,2024-03-15");
    importAll(dir);
    // D2 is short (line 5), D3 and D5 have bad amounts (lines 6 and 9), and the reader cannot split D4 (line 8).
    assertThat(rows("SELECT line, record_id FROM quarantine ORDER BY line")).containsExactly(
        List.of("5", "D2"), List.of("6", "D3"), java.util.Arrays.asList("8", null), List.of("9", "D5"));
  }

  @Test
  void aRowWithAnUnquotedSeparatorIsQuarantinedEvenWhenItsLastFieldIsEmpty() throws Exception {
    writeBasics();
    // "Smith, Inc" unquoted makes D1 one field longer; as its last field is empty, the CSV reader alone would take it,
    // with "Inc" as the product.
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,name,product",
        "D1,Won,won,1,EUR,2024-02-01,2024-03-15,Smith, Inc,",
        "D2,Won,won,1,EUR,2024-02-01,2024-03-15,Acme,Widget",
        "D3,Won,won,1,EUR,2024-02-01,2024-03-15,Gamma,",
        "D4,Won,won,1,EUR,2024-02-01,2024-03-15,\"Delta, Ltd\",\"\"",
        "D5,Won,won,1,EUR,2024-02-01,2024-03-15,\"Epsilon, \"\"E\"\"\",P5,extra");
    ImportReport r = importAll(dir);
    FileReport deals = r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
    assertThat(deals.read()).isEqualTo(5);
    assertThat(deals.loaded()).isEqualTo(3);
    // Each is shown as written, quoted values quoted again.
    assertThat(rows("SELECT line, field, reason, raw FROM quarantine WHERE table_name = 'deals' ORDER BY line")).containsExactly(
        java.util.Arrays.asList("2", null, "row has more fields than the header; a value containing the separator must be in double quotes",
            "D1,Won,won,1,EUR,2024-02-01,2024-03-15,Smith, Inc,"),
        java.util.Arrays.asList("6", null, "row has more fields than the header; a value containing the separator must be in double quotes",
            "D5,Won,won,1,EUR,2024-02-01,2024-03-15,\"Epsilon, \"\"E\"\"\",P5,extra"));
    assertThat(rows("SELECT id, name, product FROM deals ORDER BY id")).containsExactly(
        List.of("D2", "Acme", "Widget"), java.util.Arrays.asList("D3", "Gamma", null), java.util.Arrays.asList("D4", "Delta, Ltd", null));
  }

  @Test
  void multipleProblemsOfOneRowAreAllListed() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at", "D1,New,open,-3,QQQ,never");
    importAll(dir);
    assertThat(rows("SELECT problems FROM quarantine"))
        .containsExactly(List.of(
            "amount: negative amount '-3'; currency: unknown currency 'QQQ': there is no exchange rate to EUR; add its rates to currency_rates.csv;"
                + " created_at: not a date/time (write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, optionally with Z or an offset like +01:00): 'never'"));
  }

  @Test
  void anUnreadableDateIsReportedOnceNotAlsoAsMissing() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,created_at,closed_at", "D1,Won,won,2024-01-01,2024-02-31", "D2,Won,won,2024-01-01,");
    importAll(dir);
    assertThat(rows("SELECT record_id, problems FROM quarantine ORDER BY record_id"))
        .containsExactly(
            List.of("D1", "closed_at: not a date/time (write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, optionally with Z or an offset like +01:00):"
                + " '2024-02-31'"),
            List.of("D2", "closed_at: deal is closed (won/lost) but has no closed_at"));
  }

  @Test
  void acceptsBomCrlfSemicolonsQuotedSeparatorsAndConvertsOffsetsToTheWorkspaceZone() throws Exception {
    writeBasics();
    Path p = dir.resolve("deals.csv");
    String text = "\uFEFFid;name;stage;status;created_at;owner_id\r\n"
        + "D1;\"Smith; Jones & Co\";New;open;2024-03-31T23:30:00Z;R1\r\n"
        + "D2;Plain;New;open;2024-01-31T23:30:00+00:00;R1\r\n";
    Files.writeString(p, text, StandardCharsets.UTF_8);
    ImportReport report = importAll(dir);
    assertThat(report.quarantined()).isZero();
    assertThat(rows("SELECT id, name, CAST(created_at AS VARCHAR) FROM deals ORDER BY id"))
        .containsExactly(
            List.of("D1", "Smith; Jones & Co", "2024-04-01 01:30:00"),
            List.of("D2", "Plain", "2024-02-01 00:30:00"));
  }

  @Test
  void reimportingTheSameFilesChangesNothing() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1",
        "D2,Proposal,open,50,SEK,2024-02-01,,R2",
        "D3,Won,won,oops,EUR,2024-02-01,2024-03-15,R1");
    importAll(dir);
    List<List<String>> before = snapshot();
    ImportReport again = importAll(dir);
    assertThat(snapshot()).isEqualTo(before);
    for (FileReport f : again.files()) {
      assertThat(f.added()).as(f.file()).isZero();
      assertThat(f.updated()).as(f.file()).isZero();
      assertThat(f.unchanged()).as(f.file()).isEqualTo(f.loaded());
    }
  }

  @Test
  void aChangedRowReplacesTheStoredOneAndUnchangedRowsWithEmptyFieldsStayAsTheyAre() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1",
        "D2,Proposal,open,50,SEK,2024-02-01,,",
        "D3,Proposal,open,,,2024-02-01,,R2");
    importAll(dir);
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1200,EUR,2024-02-01,2024-03-15,R1",
        "D2,Proposal,open,50,SEK,2024-02-01,,R2",
        "D3,Proposal,open,,,2024-02-01,,R2",
        "D4,Proposal,open,70,EUR,2024-05-01,,R1");
    FileReport deals = importAll(dir.resolve("deals.csv")).files().get(0);
    assertThat(List.of(deals.added(), deals.updated(), deals.unchanged())).containsExactly(1L, 2L, 1L);
    assertThat(rows("SELECT id, CAST(amount AS INTEGER), owner_id FROM deals ORDER BY id")).containsExactly(
        List.of("D1", "1200", "R1"), List.of("D2", "50", "R2"), Arrays.asList("D3", null, "R2"), List.of("D4", "70", "R1"));
  }

  @Test
  void aRowThatLoadedBeforeAndIsBadNowKeepsItsStoredVersionAndSaysSo() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1",
        "D2,Won,won,500,EUR,2024-02-01,2024-03-15,R1");
    importAll(dir);
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Won,won,abc,EUR,2024-02-01,2024-03-15,R1",
        "D2,Won,won,500,EUR,2024-02-01,2024-03-15,R1",
        "D3,Won,won,xyz,EUR,2024-02-01,2024-03-15,R1");
    importAll(dir.resolve("deals.csv"));
    assertThat(rows("SELECT record_id, reason, problems FROM quarantine ORDER BY record_id")).containsExactly(
        List.of("D1", "amount: not a number (write 1234.50, no thousands separators): 'abc'",
            "amount: not a number (write 1234.50, no thousands separators): 'abc'" + TableLoader.KEPT),
        List.of("D3", "amount: not a number (write 1234.50, no thousands separators): 'xyz'",
            "amount: not a number (write 1234.50, no thousands separators): 'xyz'"));
    assertThat(rows("SELECT id, CAST(amount AS INTEGER) FROM deals ORDER BY id")).containsExactly(List.of("D1", "1000"), List.of("D2", "500"));
  }

  List<List<String>> snapshot() throws SQLException {
    List<List<String>> all = new ArrayList<>();
    for (String t : List.of("teams", "reps", "accounts", "deals", "deal_stage_history", "currency_rates", "currency_rates_daily")) {
      all.addAll(rows("SELECT '" + t + "', * FROM " + t + " ORDER BY ALL"));
    }
    all.addAll(rows("SELECT table_name, file, line, record_id, reason FROM quarantine ORDER BY ALL"));
    return all;
  }

  @Test
  void aFileOfTheSameNameFromAnotherFolderKeepsTheQuarantineOfRecordsItDoesNotHold() throws Exception {
    writeBasics();
    importAll(dir);
    Path june = Files.createDirectories(dir.resolve("2025-06"));
    Path july = Files.createDirectories(dir.resolve("2025-07"));
    Files.writeString(june.resolve("deals.csv"), "id,stage,status,amount,currency,created_at,closed_at\n"
        + "D50,Won,won,12abc,EUR,2025-06-02,2025-06-20\nD51,Won,won,10,EUR,2025-06-02,2025-06-20\n");
    Files.writeString(july.resolve("deals.csv"), "id,stage,status,amount,currency,created_at,closed_at\n"
        + "D60,Won,won,10,EUR,2025-07-02,2025-07-20\n");
    importAll(june);
    ImportReport report = importAll(july);

    assertThat(report.files().get(0).released()).isZero();
    assertThat(rows("SELECT record_id, line FROM quarantine")).containsExactly(List.of("D50", "2"));
    assertThat(rows("SELECT id FROM deals ORDER BY id")).containsExactly(List.of("D51"), List.of("D60"));

    // The same file imported again without its bad row: that row's entry goes.
    Files.writeString(june.resolve("deals.csv"), "id,stage,status,amount,currency,created_at,closed_at\n"
        + "D51,Won,won,10,EUR,2025-06-02,2025-06-20\n");
    assertThat(importAll(june).files().get(0).released()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM quarantine")).containsExactly(List.of("0"));
  }

  @Test
  void theSameDealInTwoFilesOfOneImportIsStoredAsTheLaterFileHasItAndImportingBothAgainChangesNothing() throws Exception {
    writeBasics();
    importAll(dir);
    Path months = Files.createDirectories(dir.resolve("months"));
    Files.writeString(months.resolve("deals_2025-06.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D1,Old,Proposal,open,100,EUR,2025-06-02,,R1\nD2,Other,Proposal,open,50,EUR,2025-06-03,,R1\n");
    Files.writeString(months.resolve("deals_2025-07.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D1,New,Won,won,900,EUR,2025-06-02,2025-07-20,R1\n");
    ImportReport first = importAll(months);
    assertThat(first.files()).extracting(FileReport::loaded, FileReport::added, FileReport::superseded)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L, 1L), org.assertj.core.groups.Tuple.tuple(1L, 1L, 0L));
    assertThat(rows("SELECT id, name, status, CAST(amount AS INTEGER) FROM deals ORDER BY id"))
        .containsExactly(List.of("D1", "New", "won", "900"), List.of("D2", "Other", "open", "50"));
    // The deal's history runs from its creation to its close, not through a stage change "seen" between the two files.
    List<List<String>> history = rows("SELECT stage, CAST(entered_at AS DATE), inferred FROM deal_stage_history WHERE deal_id = 'D1' ORDER BY entered_at");
    assertThat(history).containsExactly(List.of("(open)", "2025-06-02", "true"), List.of("Won", "2025-07-20", "true"));

    ImportReport again = importAll(months);
    assertThat(again.files()).allSatisfy(f -> {
      assertThat(f.added()).isZero();
      assertThat(f.updated()).isZero();
    });
    assertThat(rows("SELECT stage, CAST(entered_at AS DATE), inferred FROM deal_stage_history WHERE deal_id = 'D1' ORDER BY entered_at"))
        .isEqualTo(history);

    // When the later file's row is quarantined, the earlier file's version loads, as a stored row would stay.
    Files.writeString(months.resolve("deals_2025-07.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D1,New,Won,won,9x0,EUR,2025-06-02,2025-07-20,R1\nD3,Fresh,Proposal,open,10,EUR,2025-07-02,,R1\n");
    Files.writeString(months.resolve("deals_2025-06.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D1,June,Proposal,open,100,EUR,2025-06-02,,R1\nD3,Earlier,Proposal,open,10,EUR,2025-07-02,,R1\n"
        + "D4,Old,Proposal,open,100,EUR,2025-06-02,,R1\n");
    ImportReport third = importAll(months);
    assertThat(third.files()).extracting(f -> f.file().endsWith("deals_2025-06.csv"), FileReport::quarantined, FileReport::superseded)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(true, 0L, 1L), org.assertj.core.groups.Tuple.tuple(false, 1L, 0L));
    assertThat(rows("SELECT id, name FROM deals ORDER BY id"))
        .containsExactly(List.of("D1", "June"), List.of("D2", "Other"), List.of("D3", "Fresh"), List.of("D4", "Old"));
    // The refused row stays in quarantine, saying which version counts instead.
    assertThat(rows("SELECT file, record_id, problems FROM quarantine")).containsExactly(List.of("deals_2025-07.csv", "D1",
        "amount: not a number (write 1234.50, no thousands separators): '9x0'; deals_2025-06.csv of the same import holds an earlier version"
            + " of this record, which is stored and counts in KPIs until a corrected file replaces it"));

    // And a bad earlier row whose record a later file loaded is left to it, not quarantined (again and again).
    Files.writeString(months.resolve("deals_2025-06.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D5,Bad,Proposal,open,1x0,EUR,2025-06-02,,R1\n");
    Files.writeString(months.resolve("deals_2025-07.csv"), "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n"
        + "D5,Good,Proposal,open,100,EUR,2025-06-02,,R1\n");
    for (int i = 0; i < 2; i++) {
      ImportReport r = importAll(months);
      assertThat(r.files()).extracting(FileReport::read, FileReport::loaded, FileReport::quarantined, FileReport::superseded)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L, 0L, 1L), org.assertj.core.groups.Tuple.tuple(1L, 1L, 0L, 0L));
      assertThat(rows("SELECT count(*) FROM quarantine WHERE record_id = 'D5'")).containsExactly(List.of("0"));
      assertThat(rows("SELECT name FROM deals WHERE id = 'D5'")).containsExactly(List.of("Good"));
    }
  }

  @Test
  void badRowsOfALargeFileKeepTheirLines() throws Exception {
    // Large enough to be read and checked in parallel, where the checked rows are not stored in file order.
    writeBasics();
    importAll(dir);
    StringBuilder sb = new StringBuilder("id,stage,status,amount,currency,created_at,owner_id\n");
    for (int i = 1; i <= 400_000; i++) {
      sb.append('B').append(i).append(",Proposal,open,").append(i % 100_000 == 0 || i == 1000 ? "abc" : "100")
          .append(i % 2 == 0 ? ",EUR," : ",SEK,").append("2024-05-01,R1\n");
    }
    // Two rows alike in every field, both bad: each gets its own line.
    sb.append("B9,Proposal,open,x,EUR,2024-05-01,R1\nB9,Proposal,open,x,EUR,2024-05-01,R1\n");
    Path deals = Files.writeString(dir.resolve("deals.csv"), sb.toString());
    importAll(deals);
    assertThat(rows("SELECT line, record_id FROM quarantine WHERE table_name = 'deals' ORDER BY line")).containsExactly(
        List.of("1001", "B1000"), List.of("100001", "B100000"), List.of("200001", "B200000"), List.of("300001", "B300000"),
        List.of("400001", "B400000"), List.of("400002", "B9"), List.of("400003", "B9"));
  }

  @Test
  void aWindowsExcelCsvIsReadAsWindows1252EvenWhenItsFirstMegabyteIsPlainText() throws Exception {
    // Excel on Windows saves "CSV" in Windows-1252: ö is one byte, and € – ’ are bytes Latin-1 leaves to control codes.
    Path small = dir.resolve("accounts.csv");
    Files.write(small, "id,name,segment\nA1,Björk AB,SMB\nA2,Café – Kaffe’s €,SMB\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
    ImportReport r = importAll(small);
    assertThat(r.quarantined()).isZero();
    assertThat(rows("SELECT name FROM accounts ORDER BY id")).containsExactly(List.of("Björk AB"), List.of("Café – Kaffe’s €"));

    StringBuilder sb = new StringBuilder("id,name,segment\n");
    for (int i = 1; i <= 60_000; i++) {
      sb.append('B').append(i).append(i == 50_000 ? ",Björk Verkstad AB" : ",Plain Name Ltd").append(",SMB\n");
    }
    Path large = dir.resolve("big/accounts.csv");
    Files.createDirectories(large.getParent());
    Files.write(large, sb.toString().getBytes(java.nio.charset.Charset.forName("windows-1252")));
    assertThat(Files.size(large)).isGreaterThan(1 << 20);
    ImportReport big = importAll(large);
    assertThat(big.quarantined()).isZero();
    assertThat(rows("SELECT name FROM accounts WHERE id = 'B50000'")).containsExactly(List.of("Björk Verkstad AB"));

    // A UTF-8 file with one stray Windows-1252 byte stays UTF-8: its other accented names are read right, the one row
    // that is not UTF-8 is quarantined for it.
    Path mixed = dir.resolve("mixed/accounts.csv");
    Files.createDirectories(mixed.getParent());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes("id,name,segment\nM1,Åkesson & Sön AB,SMB\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("M2,Café Lund,SMB\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
    Files.write(mixed, bytes.toByteArray());
    ImportReport m = importAll(mixed);
    assertThat(rows("SELECT name FROM accounts WHERE id LIKE 'M%'")).containsExactly(List.of("Åkesson & Sön AB"));
    assertThat(m.quarantined()).isEqualTo(1);
  }

  @Test
  void aFileWithFewerColumnsLeavesTheStoredValuesOfTheOthersAndAnEmptyFieldClearsOne() throws Exception {
    writeBasics();
    importAll(dir);
    Path reps = write("reps.csv", "id,name", "R1,Anna Berg-Lind", "R2,Jonas Ek");
    ImportReport r = importAll(reps);
    assertThat(PresetImportTest.loadedInto(r, "reps")).containsExactly(0, 1, 1);
    assertThat(rows("SELECT id, name, email, team_id, CAST(started_at AS VARCHAR) FROM reps ORDER BY id")).containsExactly(
        List.of("R1", "Anna Berg-Lind", "anna@x.se", "T1", "2023-01-10"),
        java.util.Arrays.asList("R2", "Jonas Ek", null, "T2", "2024-03-01"));
    write("reps.csv", "id,name,team_id", "R1,Anna Berg-Lind,", "R2,Jonas Ek,T2");
    importAll(dir.resolve("reps.csv"));
    assertThat(rows("SELECT id, team_id, email FROM reps ORDER BY id")).containsExactly(
        java.util.Arrays.asList("R1", null, "anna@x.se"), java.util.Arrays.asList("R2", "T2", null));
    // A column checked with one the file has is not kept on its own: a new start after the stored end would not be checked.
    write("reps.csv", "id,name,ended_at", "R2,Jonas Ek,2024-06-30");
    importAll(dir.resolve("reps.csv"));
    write("reps.csv", "id,name,started_at", "R2,Jonas Ek,2024-09-01");
    importAll(dir.resolve("reps.csv"));
    assertThat(rows("SELECT CAST(started_at AS VARCHAR), CAST(ended_at AS VARCHAR) FROM reps WHERE id = 'R2'"))
        .containsExactly(java.util.Arrays.asList("2024-09-01", null));
  }

  @Test
  void aDealDatedBeforeItsCurrencysFirstRateIsAQualityFinding() throws Exception {
    writeBasics(); // SEK rates from 2024-01-01
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "E7,Won,won,1000,SEK,2023-11-10,2023-12-09,R1", "E8,Won,won,1000,SEK,2024-02-10,2024-03-09,R1", "E9,Won,won,1000,EUR,2023-11-10,2023-12-09,R1");
    importAll(dir);
    assertThat(Quality.findings(ws, 5, LocalDateTime.of(2025, 1, 1, 0, 0)))
        .filteredOn(f -> f.rule().equals("amount dated before its currency's first rate"))
        .extracting(Quality.Finding::rows, Quality.Finding::examples)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, List.of("deal E7: 1000.00 SEK created 2023-11-10, first SEK rate 2024-01-01")));
  }

  @Test
  void aNumberWithAnUnderscoreIsQuarantinedNotReadAsAnotherAmount() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "U1,Won,won,1_0.5,EUR,2024-03-01,2024-03-09,R1", "U2,Won,won,1_000,EUR,2024-03-01,2024-03-09,R1",
        "U3,Won,won,1.5E+03,EUR,2024-03-01,2024-03-09,R1");
    importAll(dir);
    assertThat(rows("SELECT line, reason FROM quarantine WHERE table_name = 'deals' ORDER BY line")).containsExactly(
        List.of("2", "amount: not a number (write 1234.50, no thousands separators): '1_0.5'"),
        List.of("3", "amount: not a number (write 1234.50, no thousands separators): '1_000'"));
    // Scientific notation, as a spreadsheet writes a large number, reads as the number.
    assertThat(rows("SELECT id, CAST(amount AS VARCHAR) FROM deals")).containsExactly(List.of("U3", "1500.00"));
  }

  @Test
  void stageHistoryFromBeforeTheDealWasCreatedIsAQualityFinding() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "H1,Proposal,open,100,EUR,2024-03-01,,R1", "H2,Proposal,open,100,EUR,2024-03-01,,R1");
    // H1's history says it was in the pipeline a month before it was created (a migrated CRM); H2's starts the day before.
    write("deal_stage_history.csv", "deal_id,stage,entered_at,status", "H1,Lead In,2024-02-01,open", "H1,Proposal,2024-03-05,open",
        "H2,Lead In,2024-02-29 12:00,open", "H2,Proposal,2024-03-05,open");
    importAll(dir);
    assertThat(Quality.findings(ws, 5, LocalDateTime.of(2025, 1, 1, 0, 0)))
        .filteredOn(f -> f.rule().equals("stage history before the deal was created"))
        .extracting(Quality.Finding::table, Quality.Finding::rows, Quality.Finding::examples)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("deals", 1L, List.of("deal H1 created 2024-03-01, in its pipeline from 2024-02-01")));
  }

  @Test
  void aTargetForAKpiTheCatalogDoesNotHaveIsAQualityFinding() throws Exception {
    write("targets.csv", "id,kpi,period_start,period_end,value", "G1,win_rate,2025-01-01,2025-03-31,0.3",
        "G2,win-rate,2025-01-01,2025-03-31,0.3", "G3,win-rate,2025-04-01,2025-06-30,0.3", "G4,Revenue,2025-01-01,2025-03-31,100000");
    importAll(dir.resolve("targets.csv"));
    LocalDateTime now = LocalDateTime.of(2025, 1, 1, 0, 0);
    assertThat(Quality.findings(ws, 5, now, io.kompass.engine.catalog.Catalog.builtin()))
        .filteredOn(f -> f.rule().equals("target for a KPI the catalog does not have"))
        .extracting(Quality.Finding::table, Quality.Finding::rows, Quality.Finding::examples)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("targets", 2L, List.of("kpi 'Revenue': 1 target", "kpi 'win-rate': 2 targets")));
    // A rate's target written as a percentage.
    write("targets.csv", "id,kpi,period_start,period_end,value", "G5,win_rate,2025-04-01,2025-06-30,30");
    importAll(dir.resolve("targets.csv"));
    assertThat(Quality.findings(ws, 5, now, io.kompass.engine.catalog.Catalog.builtin()))
        .filteredOn(f -> f.rule().equals("rate target above 100 %")).extracting(Quality.Finding::examples)
        .containsExactly(List.of("target G5: win_rate = 30.0 (did you mean 0.3?)"));
    // Without a catalog to compare with, targets are not judged.
    assertThat(Quality.findings(ws, 5, now)).extracting(Quality.Finding::table).doesNotContain("targets");
  }

  @Test
  void aDealLostWhileInAnOpenStageClosesAtItsCloseNotWhenItEnteredTheStage() throws Exception {
    // Pipedrive keeps a lost deal in its last open stage; nobody else is in Proposal now.
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id",
        "D1,Proposal,lost,100,EUR,2024-01-01,2024-03-10,R1", "D2,Lead In,open,100,EUR,2024-01-05,,R1");
    write("deal_stage_history.csv", "deal_id,stage,entered_at,status", "D1,Lead In,2024-01-01,open", "D1,Proposal,2024-02-01,open");
    importAll(dir);
    assertThat(rows("SELECT stage, status, CAST(entered_at AS VARCHAR) FROM deal_stage_history WHERE deal_id = 'D1' ORDER BY entered_at"))
        .containsExactly(List.of("Lead In", "open", "2024-01-01 00:00:00"), List.of("Proposal", "open", "2024-02-01 00:00:00"),
            List.of("Proposal", "lost", "2024-03-10 00:00:00"));
  }

  @Test
  void anExportOlderThanAChangeAlreadyRecordedIsSaidSoAndKeepsTheHistoryInOrder() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,amount,currency,created_at,owner_id", "D1,Qualified,open,100,EUR,2024-01-01,R1");
    importAll(dir);
    write("deals.csv", "id,stage,status,amount,currency,created_at,owner_id", "D1,Proposal,open,100,EUR,2024-01-01,R1");
    new CanonicalImport(ws, new ImportOptions("csv", LocalDateTime.of(2024, 9, 10, 12, 0)), Progress.NONE).run(List.of(dir.resolve("deals.csv")));
    // An export taken on 5 September, imported after the one of the 10th.
    write("deals.csv", "id,stage,status,amount,currency,created_at,owner_id", "D1,Qualified,open,100,EUR,2024-01-01,R1");
    ImportReport old = new CanonicalImport(ws, new ImportOptions("csv", LocalDateTime.of(2024, 9, 5, 0, 0)), Progress.NONE)
        .run(List.of(dir.resolve("deals.csv")));
    assertThat(old.warnings()).anyMatch(w -> w.startsWith("deals.csv: 1 deal is in another stage than at a change already recorded after"
        + " 2024-09-05 00:00"));
    // The history ends in the deal's stage, so the pipeline of today agrees with the deals.
    assertThat(rows("SELECT stage, CAST(entered_at AS VARCHAR) FROM deal_stage_history WHERE deal_id = 'D1' AND NOT inferred ORDER BY entered_at"))
        .last().isEqualTo(List.of("Qualified", "2024-09-10 12:00:01"));
  }

  @Test
  void aDryRunDoesNotCallQuarantinedDuplicatesRowsThatWouldLoad() throws Exception {
    writeBasics();
    importAll(dir);
    write("deals.csv", "id,stage,status,amount,currency,created_at,owner_id",
        "D14,Proposal,open,100,EUR,2024-02-01,R1", "D14,Proposal,open,200,EUR,2024-02-01,R1", "D15,Proposal,open,100,EUR,2024-02-01,");
    ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 1, 1, 0, 0)).withDryRun(true), Progress.NONE)
        .run(List.of(dir.resolve("deals.csv")));
    assertThat(r.problems()).isNotEmpty();
    assertThat(r.anomalies()).extracting(Quality.Finding::rule).containsExactly("deal without owner");
  }

  @Test
  void aRefusedRowOfALaterMonthlyExportWithTheSameNameSaysWhichVersionCounts() throws Exception {
    writeBasics();
    importAll(dir);
    String header = "id,name,stage,status,amount,currency,created_at,closed_at,owner_id\n";
    Path june = Files.createDirectories(dir.resolve("m/2025-06")).resolve("deals.csv");
    Path july = Files.createDirectories(dir.resolve("m/2025-07")).resolve("deals.csv");
    Files.writeString(june, header + "M2,June,Proposal,open,100,EUR,2025-06-02,,R1\n");
    Files.writeString(july, header + "M2,July,Won,won,9x0,EUR,2025-06-02,2025-07-20,R1\n");
    importAll(june, july);
    assertThat(rows("SELECT name FROM deals WHERE id = 'M2'")).containsExactly(List.of("June"));
    assertThat(rows("SELECT file, problems FROM quarantine WHERE record_id = 'M2'")).containsExactly(List.of("deals.csv",
        "amount: not a number (write 1234.50, no thousands separators): '9x0'; deals.csv of the same import holds an earlier version"
            + " of this record, which is stored and counts in KPIs until a corrected file replaces it"));
  }

  @Test
  void aCorrectedFileReleasesTheFixedRowsFromQuarantine() throws Exception {
    writeBasics();
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at",
        "D1,Won,won,12abc,EUR,2024-02-01,2024-03-15",
        "D2,Won,won,5,EUR,2024-02-01,2024-01-01");
    importAll(dir);
    assertThat(count("SELECT count(*) FROM quarantine")).isEqualTo(2);
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at",
        "D1,Won,won,12,EUR,2024-02-01,2024-03-15",
        "D2,Won,won,5,EUR,2024-02-01,2024-01-01");
    ImportReport report = importAll(dir.resolve("deals.csv"));
    assertThat(report.files().get(0).released()).isEqualTo(1);
    assertThat(rows("SELECT record_id, line FROM quarantine")).containsExactly(List.of("D2", "3"));
    assertThat(count("SELECT count(*) FROM deals WHERE id = 'D1' AND amount = 12")).isEqualTo(1);
  }

  @Test
  void aBatchThatFailsMidwayLeavesTheWorkspaceAsBefore() throws Exception {
    writeBasics();
    importAll(dir);
    List<List<String>> before = snapshot();
    write("reps.csv", "id,name,team_id", "R3,New Rep,T1");
    write("deals.csv", "id,name,status", "D1,no stage column,open");
    assertThatThrownBy(() -> importAll(dir))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("failed and nothing from it was saved")
        .hasMessageContaining("deals.csv: the header has no column stage, created_at");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(rows("SELECT status FROM import_runs ORDER BY id")).containsExactly(List.of("done"), List.of("failed"));
  }

  @Test
  void stageChangesBetweenImportsBuildUpHistory() throws Exception {
    writeBasics();
    write("deals.csv", "id,stage,status,created_at,closed_at", "D1,Discovery,open,2024-02-01,", "D2,Won,won,2024-02-01,2024-04-01");
    importAll(dir);
    assertThat(rows("SELECT deal_id, stage, status, CAST(entered_at AS DATE), CAST(left_at AS DATE), inferred FROM deal_stage_history"
        + " ORDER BY deal_id, entered_at"))
        .containsExactly(
            Arrays.asList("D1", "Discovery", "open", "2024-02-01", null, "true"),
            Arrays.asList("D2", "(open)", "open", "2024-02-01", "2024-04-01", "true"),
            Arrays.asList("D2", "Won", "won", "2024-04-01", null, "true"));
    write("deals.csv", "id,stage,status,created_at,closed_at", "D1,Proposal,open,2024-02-01,", "D2,Won,won,2024-02-01,2024-04-01");
    importAll(dir.resolve("deals.csv"));
    assertThat(rows("SELECT deal_id, stage, CAST(entered_at AS VARCHAR), inferred FROM deal_stage_history WHERE deal_id = 'D1' ORDER BY entered_at"))
        .containsExactly(
            List.of("D1", "Discovery", "2024-02-01 00:00:00", "true"),
            List.of("D1", "Proposal", "2025-06-01 12:00:00", "false"));
  }

  ImportReport importAt(LocalDateTime when, Path... paths) {
    return new CanonicalImport(ws, new ImportOptions("csv", when), Progress.NONE).run(List.of(paths));
  }

  /** Pipeline value (open qualified deals at each month end) from January to April 2024. */
  List<Double> pipelineValueJanToApr() {
    var engine = io.kompass.engine.run.KpiEngine.on(ws, io.kompass.engine.catalog.Catalog.builtin());
    var query = new io.kompass.engine.query.KpiQuery(
        List.of(new io.kompass.engine.query.KpiRequest("pipeline_density", List.of("value"), java.util.Map.of())),
        java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 4, 30),
        new io.kompass.engine.query.Calendar(io.kompass.engine.query.Grain.MONTH, 1), List.of(), null, 30, null);
    return engine.run(query).kpis().get(0).cells().stream().map(c -> c.value()).toList();
  }

  @Test
  void aHistoryFilesAmountsGiveThePipelineValueOnPastDates() throws Exception {
    writeBasics();
    String header = "id,stage,status,amount,currency,created_at,closed_at";
    write("deals.csv", header, "D1,Proposal,open,1500,EUR,2024-01-10,", "D2,Proposal,open,5000,SEK,2024-01-10,");
    // D1 was worth 1000 until 20 March; D2's rows have no amount of their own: its current one (450 EUR at its creation's rate).
    // The row D1 is in now says 1400, but the deal says 1500 (the history was extracted before the last change): the
    // row a deal is in now has the deal's amount, so that today agrees with the deals.
    write("deal_stage_history.csv", "deal_id,stage,entered_at,amount,currency", "D1,Proposal,2024-01-10,1000,EUR", "D1,Proposal,2024-03-20,1400,",
        "D2,Proposal,2024-01-10,,");
    importAt(LocalDateTime.of(2024, 4, 1, 12, 0), dir);
    assertThat(pipelineValueJanToApr()).containsExactly(1450.0, 1450.0, 1950.0, 1950.0);
    String history = "SELECT deal_id, CAST(entered_at AS VARCHAR), CAST(amount AS VARCHAR), currency FROM deal_stage_history ORDER BY 1, 2";
    List<List<String>> rows = rows(history);
    // The same files again change nothing; a history file without amounts keeps them.
    importAt(LocalDateTime.of(2024, 4, 2, 12, 0), dir);
    assertThat(rows(history)).isEqualTo(rows);
    write("deal_stage_history.csv", "deal_id,stage,entered_at", "D1,Proposal,2024-01-10", "D1,Proposal,2024-03-20", "D2,Proposal,2024-01-10");
    importAt(LocalDateTime.of(2024, 4, 3, 12, 0), dir.resolve("deal_stage_history.csv"));
    assertThat(rows(history)).isEqualTo(rows);
    assertThat(pipelineValueJanToApr()).containsExactly(1450.0, 1450.0, 1950.0, 1950.0);
  }

  @Test
  void aHistoryAmountWithoutARateOnItsDateIsMissingNotTheDealsCurrentAmount() throws Exception {
    writeBasics(); // SEK rates from 2024-01-01
    write("deals.csv", "id,stage,status,amount,currency,created_at,closed_at", "D1,Proposal,open,1000,EUR,2023-06-01,",
        "D2,Proposal,open,300,EUR,2024-01-10,");
    write("deal_stage_history.csv", "deal_id,stage,entered_at,amount,currency", "D1,Proposal,2023-06-01,5000,SEK", "D1,Negotiation,2024-03-01,,",
        "D2,Proposal,2024-01-10,,");
    importAt(LocalDateTime.of(2024, 4, 1, 12, 0), dir);
    // D1's amount is in SEK, which has no rate on its creation date (values are converted at it): it is left out and
    // counted as excluded, not valued at the deal's 1000 EUR of today.
    var engine = io.kompass.engine.run.KpiEngine.on(ws, io.kompass.engine.catalog.Catalog.builtin());
    var query = new io.kompass.engine.query.KpiQuery(
        List.of(new io.kompass.engine.query.KpiRequest("pipeline_density", List.of("value"), java.util.Map.of())),
        java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 1, 31),
        new io.kompass.engine.query.Calendar(io.kompass.engine.query.Grain.MONTH, 1), List.of(), null, 30, null);
    var cell = engine.run(query).kpis().get(0).cells().get(0);
    assertThat(cell.value()).isEqualTo(300.0);
    assertThat(cell.excluded()).isEqualTo(1);
  }

  @Test
  void aHistoryFileReplacesTheHistoryOfTheDealsItNames() throws Exception {
    writeBasics();
    write("pipeline_stages.csv", "pipeline,stage,position,status,qualified",
        "default,Discovery,1,open,false", "default,Proposal,2,open,true", "default,Won,3,won,true", "default,Lost,4,lost,false");
    write("deals.csv", "id,stage,status,created_at,closed_at", "D1,Won,won,2024-02-01,2024-04-01", "D2,Proposal,open,2024-02-01,");
    write("deal_stage_history.csv", "deal_id,stage,entered_at",
        "D1,Discovery,2024-02-01", "D1,Proposal,2024-03-01", "D1,Won,2024-04-01");
    importAll(dir);
    assertThat(rows("SELECT deal_id, stage, status, inferred FROM deal_stage_history ORDER BY deal_id, entered_at"))
        .containsExactly(
            List.of("D1", "Discovery", "open", "false"),
            List.of("D1", "Proposal", "open", "false"),
            List.of("D1", "Won", "won", "false"),
            List.of("D2", "Proposal", "open", "true"));

    // A row whose date could not be read, corrected in a file from another folder, leaves quarantine.
    write("deal_stage_history.csv", "deal_id,stage,entered_at", "D2,Discovery,2024-02-01", "D2,Proposal,not-a-date");
    importAll(dir.resolve("deal_stage_history.csv"));
    assertThat(rows("SELECT record_id FROM quarantine WHERE table_name = 'deal_stage_history'")).containsExactly(List.of("D2|Proposal"));
    Path fixed = Files.createDirectories(dir.resolve("fix")).resolve("deal_stage_history.csv");
    Files.writeString(fixed, "deal_id,stage,entered_at\nD2,Discovery,2024-02-01\nD2,Proposal,2024-03-01\n");
    importAll(fixed);
    assertThat(rows("SELECT count(*) FROM quarantine WHERE table_name = 'deal_stage_history'")).containsExactly(List.of("0"));
  }

  @Test
  void everyHistoryRowNamesThePipelineItsStageBelongsTo() throws Exception {
    writeBasics();
    write("pipeline_stages.csv", "pipeline,stage,position,status,qualified",
        "Old,Intro,1,open,false", "Old,Signed,2,won,true", "Renewals,Talks,1,open,true", "Renewals,Renewed,2,won,true");
    write("deals.csv", "id,pipeline,stage,status,created_at,closed_at",
        "D1,Renewals,Talks,open,2024-01-10,", "D2,Renewals,Renewed,won,2024-01-10,2024-04-20", "D3,Renewals,Talks,open,2024-02-01,");
    // D1 started in another pipeline; D2's rows name none (the deal's), D3 has no history (inferred).
    write("deal_stage_history.csv", "deal_id,stage,entered_at,pipeline",
        "D1,Intro,2024-01-10,Old", "D1,Talks,2024-03-15,", "D2,Talks,2024-01-10,", "D2,Renewed,2024-04-20,");
    importAll(dir);
    assertThat(rows("SELECT deal_id, stage, status, pipeline, inferred FROM deal_stage_history ORDER BY deal_id, entered_at"))
        .containsExactly(
            List.of("D1", "Intro", "open", "Old", "false"),
            List.of("D1", "Talks", "open", "Renewals", "false"),
            List.of("D2", "Talks", "open", "Renewals", "false"),
            List.of("D2", "Renewed", "won", "Renewals", "false"),
            List.of("D3", "Talks", "open", "Renewals", "true"));

    // Pipeline density counts qualified open deals at each month end: D1 sat in Intro, unqualified in the pipeline
    // it was in then, until mid-March.
    var engine = io.kompass.engine.run.KpiEngine.on(ws, io.kompass.engine.catalog.Catalog.builtin());
    var query = new io.kompass.engine.query.KpiQuery(List.of(io.kompass.engine.query.KpiRequest.of("pipeline_density")),
        java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 3, 31),
        new io.kompass.engine.query.Calendar(io.kompass.engine.query.Grain.MONTH, 1), List.of(), null, 30, null);
    assertThat(engine.run(query).kpis().get(0).cells().stream().map(c -> c.value()).toList()).containsExactly(1.0, 2.0, 3.0);

    // A stage change seen by a later import is recorded in the deal's pipeline at that time.
    write("deals.csv", "id,pipeline,stage,status,created_at,closed_at", "D3,Old,Signed,won,2024-02-01,2024-05-02");
    importAll(dir.resolve("deals.csv"));
    assertThat(rows("SELECT stage, status, pipeline, inferred FROM deal_stage_history WHERE deal_id = 'D3' AND NOT inferred"))
        .containsExactly(List.of("Signed", "won", "Old", "false"));
  }

  @Test
  void dailyRatesCarryEachRateForwardUntilTheNext() throws Exception {
    writeBasics();
    importAll(dir);
    assertThat(rows("SELECT rate FROM currency_rates_daily WHERE currency = 'SEK' AND rate_date IN ('2024-01-01', '2024-06-30', '2024-07-01', '2025-01-01') ORDER BY rate_date"))
        .containsExactly(List.of("0.09"), List.of("0.09"), List.of("0.085"), List.of("0.085"));
    assertThat(count("SELECT count(*) FROM currency_rates_daily WHERE rate_date < '2024-01-01'")).isZero();
  }

  @Test
  void unknownFileNamesAndMissingFilesAreExplained() throws IOException {
    Path odd = write("stuff.csv", "a,b", "1,2");
    assertThatThrownBy(() -> importAll(odd)).isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("stuff.csv: cannot tell which table this file is for")
        .hasMessageContaining("recognised by their English headers; for one in another language, copy its shipped preset");
    // A file named after a table whose header is something else altogether, e.g. a CRM export in another language.
    Path german = write("deals-de.csv", "Deal - Titel,Deal - Wert,Deal - Status", "Acme,100,Gewonnen");
    assertThatThrownBy(() -> importAll(german)).hasMessageContaining("deals-de.csv: the header has no column")
        .hasMessageContaining("None of its columns is a column of deals.csv: if it is an export from a CRM, describe it with a mapping file");
    assertThatThrownBy(() -> importAll(dir.resolve("nope.csv"))).isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("nope.csv: no such file or folder");
    Path empty = write("deals.csv", "");
    assertThatThrownBy(() -> importAll(empty)).hasMessageContaining("the file is empty");
  }

  @Test
  void fileNamesMapToTablesByLongestPrefix() {
    assertThat(CanonicalImport.tableFor(Path.of("deals_2024.csv")).name()).isEqualTo("deals");
    assertThat(CanonicalImport.tableFor(Path.of("deal_stage_history.csv")).name()).isEqualTo("deal_stage_history");
    assertThat(CanonicalImport.tableFor(Path.of("Reps-export.CSV")).name()).isEqualTo("reps");
    assertThat(CanonicalImport.tableFor(Path.of("dealsx.csv"))).isNull();
  }
}

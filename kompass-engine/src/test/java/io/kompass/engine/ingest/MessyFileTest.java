package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * examples/messy/pipedrive-deals-export.csv: a Pipedrive export as it arrives after a trip through
 * Excel on a European machine (BOM, CRLF, semicolons, day-first dates, decimal commas with
 * thousands separators, an en dash, a quoted separator) with five bad rows. Every row is accounted for.
 */
class MessyFileTest {

  @org.junit.jupiter.api.io.TempDir Path dir;

  static List<List<String>> rows(Workspace ws, String sql) throws Exception {
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
  void aSmallExportWithABrokenRowLoadsTheRestInsteadOfFailing() throws Exception {
    // Two data rows, one with an unquoted separator in its lost reason. The file is read with its header's layout,
    // nothing is guessed from so few rows, and the broken row does not stop the import.
    Path file = dir.resolve("deals.csv");
    java.nio.file.Files.writeString(file, String.join("\n",
        "Deal - ID;Deal - Title;Deal - Value;Deal - Currency;Deal - Stage;Deal - Pipeline;Deal - Status;Deal - Owner;Deal - Organization;"
            + "Deal - Deal created;Deal - Won time;Deal - Lost time;Deal - Expected close date;Deal - Lost reason",
        "3;Café Müller;980;EUR;Lost;Sales;Lost;Anna Berg;Café Müller GmbH;20/01/2024 08:30;;05/02/2024 11:00;;Price; too high",
        "4;Baltic Foods;2.000,00;EUR;Won;Sales;Won;Jonas Ek;Baltic Foods;12/02/2024 09:00;12/04/2024 09:00;;;",
        "5;Gone;100;EUR;Lost;Sales;Deleted;Anna Berg;Gone AB;12/02/2024 09:00;;;;") + "\n");
    try (Workspace ws = Workspace.openInMemory("small", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2024, 7, 1, 12, 0)), Progress.NONE).run(List.of(file));
      FileReport deals = r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
      assertThat(List.of(deals.read(), deals.loaded(), deals.quarantined())).containsExactly(2L, 1L, 1L);
      // A deal deleted in Pipedrive is not read, and the report says so.
      assertThat(deals.skipped()).isEqualTo(1);
      assertThat(rows(ws, "SELECT line, reason FROM quarantine")).containsExactly(
          List.of("2", "row has more fields than the header; a value containing the separator must be in double quotes"));
      assertThat(rows(ws, "SELECT id, CAST(amount AS VARCHAR) FROM deals")).containsExactly(List.of("pipedrive-4", "2000.00"));
    }
  }

  @Test
  void loadsWithExactRowAccountingAndExplainsEveryBadRow() throws Exception {
    Path file = Datasets.examples().resolve("messy/pipedrive-deals-export.csv");
    try (Workspace ws = Workspace.openInMemory("messy", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2024, 7, 1, 12, 0)), Progress.NONE).run(List.of(file));

      FileReport deals = r.files().stream().filter(f -> f.table().equals("deals")).findFirst().orElseThrow();
      assertThat(deals.kind()).isEqualTo("Pipedrive deals export");
      assertThat(deals.read()).isEqualTo(14);
      assertThat(deals.loaded()).isEqualTo(9);
      assertThat(deals.quarantined()).isEqualTo(5);
      assertThat(r.warnings()).isEmpty(); // 14/01/2024 shows the dates are day-first; 1.234,50 shows the decimal comma
      assertThat(rows(ws, "SELECT line, reason FROM quarantine ORDER BY line")).containsExactly(
          List.of("5", "created_at: not a date/time (write YYYY-MM-DD or day-first DD/MM/YYYY, DD.MM.YYYY or DD-MM-YYYY,"
              + " optionally with HH:MM[:SS]; read as day-first): '31/02/2024 09:00'"),
          List.of("7", "amount: not a number (write 1234,50 or 1.234,50 or 1 234,50; read with a decimal comma): 'abc'"),
          List.of("8", "currency: unknown currency 'SEK': there is no exchange rate to EUR; add its rates to currency_rates.csv"),
          // An unquoted separator in "Vilnius Motors; UAB" gives the row a 15th field (empty, as the lost reason is), which
          // would shift the rest of the row by one column.
          List.of("10", "row has more fields than the header; a value containing the separator must be in double quotes"),
          List.of("13", "Deal - Pipeline: the row ends before this field (it has 5 of the header's 14 fields)"));
      assertThat(rows(ws, "SELECT field, problems, raw FROM quarantine WHERE line IN (10, 13) ORDER BY line")).containsExactly(
          Arrays.asList(null, "row has more fields than the header; a value containing the separator must be in double quotes",
              "13;Vilnius Motors;5.500,00;EUR;Won;Sales;Won;Jonas Ek;Vilnius Motors; UAB;12/05/2024 09:00;20/06/2024 10:00;;;"),
          List.of("Deal - Pipeline", "Deal - Pipeline: the row ends before this field (it has 5 of the header's 14 fields)",
              "14;Reykjavik Air;3.000,00;EUR;Proposal"));
      // Nothing of a row quarantined for its shape lands elsewhere: its organisation is not created as an account.
      assertThat(rows(ws, "SELECT count(*) FROM accounts WHERE name LIKE 'Vilnius%' OR name = 'UAB'")).containsExactly(List.of("0"));
      assertThat(rows(ws, "SELECT raw FROM quarantine WHERE line = 7")).containsExactly(List.of(
          "Deal - ID=6, Deal - Title=Oslo Retail, Deal - Value=abc, Deal - Currency=EUR, Deal - Stage=Qualified, Deal - Pipeline=Sales,"
              + " Deal - Status=Open, Deal - Owner=Maria Lind, Deal - Organization=Oslo Retail, Deal - Deal created=16/03/2024 13:20,"
              + " Deal - Won time=, Deal - Lost time=, Deal - Expected close date=, Deal - Lost reason="));
      assertThat(rows(ws, "SELECT id, name, status, CAST(amount AS VARCHAR), CAST(created_at AS VARCHAR), CAST(closed_at AS VARCHAR),"
          + " CAST(expected_close_at AS VARCHAR) FROM deals WHERE id IN ('pipedrive-1', 'pipedrive-2') ORDER BY id"))
          .containsExactly(
              Arrays.asList("pipedrive-1", "Nordic Steel AB – expansion", "open", "12500.00", "2024-02-03 09:15:00", null, "2024-06-28"),
              Arrays.asList("pipedrive-2", "Fjord Shipping; pilot", "won", "1234.50", "2024-01-14 10:00:00", "2024-03-21 16:40:00", null));
      assertThat(rows(ws, "SELECT sum(amount) FROM deals")).containsExactly(List.of("73565.25")); // 12,500 + 1,234.50 + 980 + 3,400.75 + 7,800 + 15,250 + 6,100 + 22,000 + 4,300
      assertThat(rows(ws, "SELECT count(*) FROM reps")).containsExactly(List.of("3"));
      assertThat(rows(ws, "SELECT name FROM accounts WHERE name LIKE 'Caf%'")).containsExactly(List.of("Café Müller GmbH"));
      assertThat(Quality.findings(ws, 3, LocalDateTime.of(2024, 7, 1, 12, 0)))
          .extracting(Quality.Finding::rule, Quality.Finding::rows)
          .contains(org.assertj.core.groups.Tuple.tuple("deal without owner", 1L));
    }
  }
}

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
    Result status = KompassCli.run("status", "--workspace", workspace());
    assertThat(status.outLines()).contains(
        "teams                           0",
        "deals                           0");
  }

  @Test
  void aPathThatDoesNotExistFailsWithItsName() {
    Path missing = dir.resolve("no-such-folder");
    Result r = KompassCli.run("import", "--workspace", workspace(), missing.toString());
    assertThat(r.exitCode()).isEqualTo(Kompass.FAILED);
    assertThat(r.errLines()).containsExactly("kompass: " + missing + ": no such file or folder");
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
}

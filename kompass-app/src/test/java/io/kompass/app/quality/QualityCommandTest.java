package io.kompass.app.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityCommandTest {

  @TempDir Path dir;

  String workspace() {
    return dir.resolve("ws.duckdb").toString();
  }

  @Test
  void listsEachQuarantinedRowWithFileLineFieldAndReason() throws Exception {
    KompassCli.run("import", "--workspace", workspace(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("quality", "--workspace", workspace());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).containsExactly(
        "1 row in quarantine, in 1 group.",
        "",
        "deals.csv → deals, field amount: 1 row",
        "  amount: not a number (write 1234.50, no thousands separators): '…'",
        "  line 3 (import #1), id D2: amount: not a number (write 1234.50, no thousands separators): '12abc'",
        "    id=D2, stage=Won, status=won, amount=12abc, currency=EUR, created_at=2024-02-01, closed_at=2024-03-15,"
            + " owner_id=R1, account_id=A1",
        "",
        "Fix these rows in the source files and import them again: fixed rows leave the quarantine.",
        "",
        "No likely duplicates or anomalies among the loaded rows.");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void groupsManyRowsWithTheSameProblemAndShowsAFewExamples() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.write(in.resolve("deals.csv"),
        "id,stage,status,created_at,owner_id",
        "D1,Won,won,2024-02-01,R9",
        "D2,Won,won,2024-02-01,R9",
        "D3,Won,won,2024-02-01,R8");
    KompassCli.run("import", "--workspace", workspace(), in.toString());

    Result r = KompassCli.run("quality", "--workspace", workspace(), "--examples", "1");

    assertThat(r.outLines()).startsWith(
        "3 rows in quarantine, in 1 group.",
        "",
        "deals.csv → deals, field owner_id: 3 rows",
        "  owner_id: no rep with id '…' in the workspace or earlier in this import (import reps.csv or the CRM's export of them first, or fix the id)");
    assertThat(r.outLines()).filteredOn(l -> l.startsWith("  line ")).containsExactly(
        "  line 2 (import #1), id D1: owner_id: no rep with id 'R9' in the workspace or earlier in this import (import reps.csv"
            + " or the CRM's export of them first, or fix the id); closed_at: deal is closed (won/lost) but has no closed_at");
  }

  @Test
  void saysSoWhenTheQuarantineIsEmpty() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", workspace(), in.resolve("teams.csv").toString());

    Result r = KompassCli.run("quality", "--workspace", workspace());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).containsExactly("Nothing in quarantine.", "", "No likely duplicates or anomalies among the loaded rows.");
  }

  @Test
  void listsLikelyDuplicatesAndAnomaliesPerSourceAndRule() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.write(in.resolve("accounts.csv"), "id,name,domain", "A1,Acme AB,acme.se", "A2,ACME,acme.se", "A3,Globex GmbH,");
    KompassCli.write(in.resolve("leads.csv"), "id,created_at,email,status,lost_at", "L1,2024-03-01,eva@acme.se,,", "L2,2024-03-02,Eva@Acme.se ,,",
        "L3,2024-03-05,,lost,2099-01-01 10:15:30.25");
    KompassCli.write(in.resolve("deals.csv"),
        "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id,lead_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-02-15,R1,A1,L1",
        "D2,Proposal,open,500,EUR,2024-05-01,,,A3,",
        "D3,Proposal,open,500,EUR,2099-05-01,,R2,A3,",
        // Later today is not after today (a demo or a sync writes such times): not in the future.
        "D4,Proposal,open,500,EUR," + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Stockholm")) + " 23:59:59,,R2,A3,");
    KompassCli.run("import", "--workspace", workspace(), in.toString());

    Result r = KompassCli.run("quality", "--workspace", workspace());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).containsExactly(
        "Nothing in quarantine.",
        "",
        "Likely duplicates:",
        "  csv → accounts, same company name: 1 row",
        "    accounts whose names are equal once case, punctuation and legal forms (AB, Inc, GmbH, ...) are ignored; probably one company",
        "    'Acme AB' (A1), 'ACME' (A2)",
        "  csv → accounts, same domain: 1 row",
        "    accounts with the same web domain; probably one company",
        "    acme.se: 'Acme AB' (A1), 'ACME' (A2)",
        "  csv → leads, same e-mail: 1 row",
        "    leads (contacts) with the same e-mail address; probably one person",
        "    eva@acme.se: L1, L2",
        "Loaded, but worth a look:",
        "  csv → deals, closed before first contact: 1 row",
        "    the deal was closed before its lead's first contact; one of the two dates is probably wrong",
        "    deal D1 won 2024-02-15 00:00:00, lead L1 first contact 2024-03-01 00:00:00",
        "  csv → deals, date in the future: 1 row",
        "    created or closed after today; a typo in the year, or a planned date in the wrong column",
        "    deal D3: created 2099-05-01 00:00:00",
        // Every date of the lead, so that the one in the future shows; to the second.
        "  csv → leads, date in the future: 1 row",
        "    created, converted or lost after today",
        "    lead L3: created 2024-03-05 00:00:00, lost 2099-01-01 10:15:30",
        "  csv → deals, deal without owner: 1 row",
        "    no rep owns the deal, so it is missing from every per-rep figure",
        "    deal D2 (open)");
  }

  @Test
  void printsJsonForScripts() throws Exception {
    KompassCli.run("import", "--workspace", workspace(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("quality", "--workspace", workspace(), "--format", "json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("\"rows\" : 1", "\"file\" : \"deals.csv\"", "\"field\" : \"amount\"", "\"line\" : 3",
        "\"record_id\" : \"D2\"");
  }

  @Test
  void atLeastOneExampleIsShown() {
    Result r = KompassCli.run("quality", "--workspace", workspace(), "--examples", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).first().isEqualTo("Invalid value for option '--examples': 0 (give 1 or more)");
  }
}

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
        "  line 3, id D2: amount: not a number (write 1234.50, no thousands separators): '12abc'",
        "    id=D2, stage=Won, status=won, amount=12abc, currency=EUR, created_at=2024-02-01, closed_at=2024-03-15,"
            + " owner_id=R1, account_id=A1",
        "",
        "Fix these rows in the source files and import them again: fixed rows leave the quarantine.");
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
        "  owner_id: no rep with id '…' in the workspace or earlier in this import (import reps.csv first, or fix the id)");
    assertThat(r.outLines()).filteredOn(l -> l.startsWith("  line ")).containsExactly(
        "  line 2, id D1: owner_id: no rep with id 'R9' in the workspace or earlier in this import (import reps.csv"
            + " first, or fix the id); closed_at: deal is closed (won/lost) but has no closed_at");
  }

  @Test
  void saysSoWhenTheQuarantineIsEmpty() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", workspace(), in.resolve("teams.csv").toString());

    Result r = KompassCli.run("quality", "--workspace", workspace());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).containsExactly("Nothing in quarantine.");
  }

  @Test
  void printsJsonForScripts() throws Exception {
    KompassCli.run("import", "--workspace", workspace(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("quality", "--workspace", workspace(), "--format", "json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("\"rows\" : 1", "\"file\" : \"deals.csv\"", "\"field\" : \"amount\"", "\"line\" : 3",
        "\"recordId\" : \"D2\"");
  }

  @Test
  void atLeastOneExampleIsShown() {
    Result r = KompassCli.run("quality", "--workspace", workspace(), "--examples", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).first().isEqualTo("Invalid value for option '--examples': 0 (give 1 or more)");
  }
}

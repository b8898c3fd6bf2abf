package io.kompass.app.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

  @TempDir Path dir;

  String workspace() {
    return dir.resolve("ws.duckdb").toString();
  }

  @Test
  void showsSettingsRowsPerTableCurrenciesQuarantineAndImports() throws Exception {
    KompassCli.run("import", "--workspace", workspace(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("status", "--workspace", workspace());

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines().subList(0, 22)).containsExactly(
        "Workspace:  " + workspace(),
        "Currency:   EUR",
        "Time zone:  Europe/Stockholm",
        "",
        "Table                        Rows  From        To",
        "currency_rates                  1  2024-01-01  2024-01-01  (rate_date)",
        "teams                           1",
        "reps                            2  2023-01-10  2024-03-01  (started_at)",
        "pipeline_stages                 0",
        "accounts                        2",
        "leads                           0",
        "deals                           2  2024-02-01  2024-05-01  (created_at)",
        "deal_stage_history              3  2024-02-01  2024-05-01  (entered_at)",
        "activities                      0",
        "orders                          0",
        "costs                           0",
        "survey_responses                0",
        "targets                         0",
        "Total                          11",
        "",
        "Currencies: EUR (workspace currency), SEK",
        "Quarantine: 1 row; see which and why with: kompass quality --workspace " + workspace());
    assertThat(r.outLines().subList(22, r.outLines().size())).hasSize(3);
    assertThat(r.outLines().get(23)).isEqualTo("Recent imports:");
    assertThat(r.outLines().get(24))
        .matches("  #1    \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  done        5 files: read 9 = loaded 8 \\+ quarantined 1");
  }

  @Test
  void aFailedImportIsListedAndLoadedNothing() throws Exception {
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", workspace(), in.resolve("teams.csv").toString());
    KompassCli.write(in.resolve("deals.csv"), "id,name,status", "D1,no stage column,open");
    KompassCli.run("import", "--workspace", workspace(), in.toString());

    Result r = KompassCli.run("status", "--workspace", workspace());

    assertThat(r.outLines()).contains("deals                           0", "Quarantine: empty", "Recent imports:");
    assertThat(r.outLines()).anySatisfy(l -> assertThat(l).matches("  #2 .* failed      5 files"));
  }

  @Test
  void printsTheSameSummaryAsTheApiAsJson() throws Exception {
    KompassCli.run("import", "--workspace", workspace(), KompassCli.writeSmallExport(dir.resolve("export")).toString());

    Result r = KompassCli.run("status", "--workspace", workspace(), "--format", "json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains(
        "\"currency\" : \"EUR\"",
        "\"time_zone\" : \"Europe/Stockholm\"",
        "\"table\" : \"deals\"",
        "\"rows\" : 2",
        "\"from\" : \"2024-02-01\"",
        "\"quarantined\" : 1");
  }
}

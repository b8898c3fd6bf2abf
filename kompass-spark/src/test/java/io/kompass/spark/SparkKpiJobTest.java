package io.kompass.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kompass.engine.Progress;
import io.kompass.engine.run.SmallCompany;
import io.kompass.engine.workspace.ParquetExport;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit job, run in-process with a local master, writes the documented result. */
class SparkKpiJobTest {

  @TempDir Path dir;

  @Test
  void writesTheResultDocumentAndCsv() throws Exception {
    try (Workspace ws = SmallCompany.create(dir, "job-small")) {
      ParquetExport.export(ws, dir.resolve("lake"), Progress.NONE);
    }
    String[] common = {"--data", dir.resolve("lake").toString(), "--from", "2024-01-01", "--to", "2024-03-31", "--master", "local[2]",
        "win_rate", "sales_cycle_days:p75", "--by", "team"};
    SparkKpiJob.main(concat(common, "--out", dir.resolve("json").toString()));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("json/kpi-result.json").toFile());
    assertThat(json.get("schema").asText()).isEqualTo("kompass.kpi-result/1");
    assertThat(json.get("kpis").get(1).get("variant").asText()).isEqualTo("p75");
    // Groups come sorted: DACH before Nordics. Nordics won D1 in January (1 of 1 closed deals).
    JsonNode first = json.get("kpis").get(0).get("cells").get(0);
    assertThat(first.get("group").get("team").asText()).isEqualTo("DACH");
    SparkKpiJob.main(concat(common, "--out", dir.resolve("csv").toString(), "--format", "csv"));
    List<String> csv = Files.readAllLines(dir.resolve("csv/kpi-result.csv"));
    assertThat(csv.get(0)).isEqualTo("kpi,variant,period_start,period_end,team,value,numerator,denominator,n,ci_low,ci_high,low_volume,included,excluded,converted_rows");
    assertThat(csv).contains("win_rate,default,2024-01-01,2024-01-31,Nordics,1.0,1.0,1.0,1,0.20654931437723745,1.0,true,1,0,0");
  }

  @Test
  void explainsBadArguments() {
    assertThatThrownBy(() -> SparkKpiJob.parse(new String[] {"--data", "x", "--out", "y", "--from", "2024-01-01"}))
        .hasMessage("--to is required");
    assertThatThrownBy(() -> SparkKpiJob.parse(new String[] {"--data", "x", "--out", "y", "--from", "2024-01-01", "--to", "2024-02-01"}))
        .hasMessageContaining("name at least one KPI");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

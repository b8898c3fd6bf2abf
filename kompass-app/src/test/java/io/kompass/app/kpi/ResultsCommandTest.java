package io.kompass.app.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.Kompass;
import io.kompass.app.KompassCli;
import io.kompass.app.KompassCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Results computed elsewhere (the Spark job writes the same document) are served until new data arrives. */
class ResultsCommandTest {

  @TempDir Path dir;

  @Test
  void importedResultsAnswerTheSameQueryUntilNewDataIsImported() throws Exception {
    String ws = dir.resolve("ws.duckdb").toString();
    Path in = KompassCli.writeSmallExport(dir.resolve("export"));
    KompassCli.run("import", "--workspace", ws, in.toString());
    String[] query = {"kpi", "win_rate", "--workspace", ws, "--from", "2024-03-01", "--to", "2024-04-30", "--by", "rep", "--format", "json"};
    Result computed = KompassCli.run(query);
    JsonMapper json = JsonMapper.builder().build();
    JsonNode doc = json.readTree(computed.out());
    assertThat(doc.get("source").asString()).isEqualTo("computed by duckdb");

    // A result computed elsewhere: same query, a recognisable value.
    ObjectNode cell = (ObjectNode) doc.get("kpis").get(0).get("cells").get(0);
    cell.put("value", 0.125);
    Path file = dir.resolve("kpi-result.json");
    Files.writeString(file, json.writeValueAsString(doc));
    Result stored = KompassCli.run("results", "import", file.toString(), "--workspace", ws);
    assertThat(stored.exitCode()).as(stored.err()).isZero();
    assertThat(stored.out()).contains("stored 1 KPI results (2024-03-01 to 2024-04-30, by month, per rep)");
    assertThat(KompassCli.run("results", "list", "--workspace", ws).out()).contains("win_rate [default] by spark");

    JsonNode served = json.readTree(KompassCli.run(query).out());
    assertThat(served.get("source").asString()).startsWith("precomputed by spark (imported ");
    assertThat(served.get("kpis").get(0).get("cells").get(0).get("value").asDouble()).isEqualTo(0.125);
    assertThat(served.get("kpis").get(0).get("cells").get(0).get("group").get("rep").asString())
        .isEqualTo(doc.get("kpis").get(0).get("cells").get(0).get("group").get("rep").asString());
    // Another query (not grouped) is still computed here.
    Result other = KompassCli.run("kpi", "win_rate", "--workspace", ws, "--from", "2024-03-01", "--to", "2024-04-30", "--format", "json");
    assertThat(json.readTree(other.out()).get("source").asString()).isEqualTo("computed by duckdb");

    // New data makes the imported numbers stale: the query is computed again.
    KompassCli.run("import", "--workspace", ws, in.resolve("deals.csv").toString());
    assertThat(json.readTree(KompassCli.run(query).out()).get("source").asString()).isEqualTo("computed by duckdb");

    Result wrong = KompassCli.run("results", "import", in.resolve("deals.csv").toString(), "--workspace", ws);
    assertThat(wrong.exitCode()).isNotEqualTo(Kompass.OK);
    assertThat(wrong.err()).contains("deals.csv: not a JSON document");
    Path foreign = dir.resolve("other.json");
    Files.writeString(foreign, "{\"schema\": \"something-else\"}");
    Result notOurs = KompassCli.run("results", "import", foreign.toString(), "--workspace", ws);
    assertThat(notOurs.exitCode()).isNotEqualTo(Kompass.OK);
    assertThat(notOurs.err()).contains("other.json: it is not a kompass.kpi-result/1 document");
  }
}

package io.kompass.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.app.KompassCli;
import io.kompass.app.numbers.DataVersion;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that write data keep the default overview for it, so that a server started later shows it at once. */
class KeptOverviewTest {

  static final SignedIn MANAGER = new SignedIn(1, "manager", "Manager", Role.MANAGER, null, null, null, null);

  @TempDir Path dir;

  @Test
  void aServerStartedAfterACommandLineImportOrADemoReadsTheDefaultOverviewKeptByIt() throws Exception {
    Path imported = dir.resolve("imported.duckdb");
    KompassCli.run("import", "--workspace", imported.toString(), KompassCli.writeSmallExport(dir.resolve("export")).toString());
    Path demo = dir.resolve("demo.duckdb");
    assertThat(KompassCli.run("demo", "--workspace", demo.toString(), "--no-serve", "--size", "tiny").exitCode()).isZero();
    for (Path file : List.of(imported, demo)) {
      try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
        // As a server started on the workspace: nothing in memory.
        Numbers numbers = new Numbers(ws, Catalog.builtin(), new DataVersion(event -> {}), true, true);
        KpiQuery overview = Overview.query(numbers.catalog(), Filters.defaults(numbers), Focus.ids(numbers, null));
        List<KpiResult> each = numbers.runEach(MANAGER, overview);
        KpiResult computed = KpiEngine.on(ws, Catalog.builtin()).run(overview);
        for (int i = 0; i < each.size(); i++) {
          assertThat(each.get(i).source()).as(file.getFileName() + " " + overview.kpis().get(i).kpi()).contains("kept from");
          assertThat(each.get(i).kpis().get(0)).as(file.getFileName() + " " + overview.kpis().get(i).kpi()).isEqualTo(computed.kpis().get(i));
        }
      }
    }
  }
}

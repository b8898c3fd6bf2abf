package io.kompass.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/kpis.md is generated from the catalog; rerun with -Dkompass.golden.update=true to refresh it. */
class KpiDocsInSyncTest {

  @Test
  void docsKpisMdMatchesTheCatalog() throws IOException {
    Path doc = Path.of("../docs/kpis.md");
    String expected = CatalogDocs.markdown(Catalog.builtin());
    if (Boolean.getBoolean("kompass.golden.update")) {
      Files.createDirectories(doc.getParent());
      Files.writeString(doc, expected);
    }
    assertThat(doc).as("docs/kpis.md is missing; run the tests with -Dkompass.golden.update=true").exists();
    assertThat(Files.readString(doc)).as("docs/kpis.md is out of date with the catalog; rerun with -Dkompass.golden.update=true").isEqualTo(expected);
  }
}

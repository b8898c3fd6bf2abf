package io.kompass.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.model.ModelDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/data-model.md is generated from the model; rerun with -Dkompass.golden.update=true to refresh it. */
class DataModelDocsInSyncTest {
  @Test
  void docsDataModelMdMatchesTheModel() throws IOException {
    Path doc = Path.of("../docs/data-model.md");
    String expected = ModelDocs.markdown();
    if (Boolean.getBoolean("kompass.golden.update")) {
      Files.writeString(doc, expected);
    }
    assertThat(doc).exists();
    assertThat(Files.readString(doc)).as("docs/data-model.md is out of date; rerun with -Dkompass.golden.update=true").isEqualTo(expected);
  }
}

package io.kompass.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** English and Swedish stay in step: same keys, no empty texts, a name for every table and status. */
class MessageBundlesTest {

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      // Strict UTF-8: a file saved in another encoding fails here instead of showing broken å, ä, ö.
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
        p.load(reader);
      }
    }
    return p;
  }

  @Test
  void englishAndSwedishHaveTheSameKeys() throws IOException {
    TreeSet<String> english = new TreeSet<>(load("messages.properties").stringPropertyNames());
    TreeSet<String> swedish = new TreeSet<>(load("messages_sv.properties").stringPropertyNames());
    assertThat(swedish).as("keys in messages_sv.properties").containsExactlyElementsOf(english);
  }

  @Test
  void noTextIsEmpty() throws IOException {
    for (String bundle : List.of("messages.properties", "messages_sv.properties")) {
      Properties p = load(bundle);
      assertThat(p.stringPropertyNames()).as(bundle).allSatisfy(k -> assertThat(p.getProperty(k)).as(k).isNotBlank());
    }
  }

  @Test
  void theBundlesSayWhichLanguageTheyAre() throws IOException {
    assertThat(load("messages.properties").getProperty("lang")).isEqualTo("en");
    assertThat(load("messages_sv.properties").getProperty("lang")).isEqualTo("sv");
  }

  @Test
  void everyCanonicalTableAndImportStatusHasANameInBothLanguages() throws IOException {
    Properties english = load("messages.properties");
    List<String> keys = new java.util.ArrayList<>();
    for (Table t : CanonicalModel.tables()) {
      keys.add("table." + t.name());
    }
    for (String status : List.of("done", "failed", "interrupted", "running")) {
      keys.add("imports.status." + status);
    }
    assertThat(english.stringPropertyNames()).containsAll(keys);
  }

  @Test
  void everyDataQualityRuleIsNamedAndExplainedInBothLanguages() throws IOException {
    List<String> keys = new java.util.ArrayList<>();
    for (String k : io.kompass.engine.ingest.Quality.keys()) {
      keys.add("findings.rule." + k);
      keys.add("findings.why." + k);
    }
    assertThat(keys).hasSizeGreaterThan(20);
    assertThat(load("messages.properties").stringPropertyNames()).containsAll(keys);
    assertThat(load("messages_sv.properties").stringPropertyNames()).containsAll(keys);
  }
}

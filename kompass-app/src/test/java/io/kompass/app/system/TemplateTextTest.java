package io.kompass.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every word a page shows comes from the message bundles, so every page exists in English and Swedish. */
class TemplateTextTest {

  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)");

  static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    }
  }

  @Test
  void noTemplateHasTextThatIsNotFromTheBundles() throws IOException {
    List<Path> templates = templates();
    assertThat(templates).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Path t : templates) {
      problems.addAll(TemplateText.untranslated(TEMPLATES.relativize(t).toString(), Files.readString(t, StandardCharsets.UTF_8)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyMessageKeyATemplateNamesIsInTheEnglishBundle() throws IOException {
    Properties english = MessageBundlesTest.load("messages.properties");
    List<String> missing = new ArrayList<>();
    for (Path t : templates()) {
      Matcher m = MESSAGE_KEY.matcher(Files.readString(t, StandardCharsets.UTF_8));
      while (m.find()) {
        if (!english.containsKey(m.group(1))) {
          missing.add(TEMPLATES.relativize(t) + ": #{" + m.group(1) + "}");
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void findsTextBetweenTagsAndInVisibleAttributes() {
    String html = """
        <html xmlns:th="http://www.thymeleaf.org">
        <body>
          <h1>Overview</h1>
          <p th:text="#{home.title}">placeholder that Thymeleaf replaces</p>
          <div th:replace="~{fragments/layout :: footer}"><p>also replaced</p></div>
          <img src="x.png" alt="A chart">
          <img src="y.png" alt="" th:alt="#{home.title}">
          <input th:attr="placeholder=#{home.title}" placeholder="Search">
          <script>let shown = "not text for people";</script>
          <!-- a comment is fine -->
          <p>
          </p>
        </body>
        </html>
        """;
    assertThat(TemplateText.untranslated("t.html", html)).containsExactly(
        "t.html:3: text \"Overview\" is not from the message bundles; use th:text=\"#{key}\" with a key in"
            + " messages.properties and messages_sv.properties",
        "t.html:6: attribute alt=\"A chart\" is not from the message bundles; use th:alt=\"#{key}\"");
  }
}

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

  static final Path SCRIPTS = Path.of("src/main/resources/static/js");

  /** A string literal in a script: '...' or "..." (no escaped quotes inside, which Kompass's scripts do not use). */
  static final Pattern STRING = Pattern.compile("'([^'\\n]*)'|\"([^\"\\n]*)\"");

  /**
   * A literal that reads as words for people: two words with a space between, or a capitalised
   * word. Identifiers, CSS selectors, event names, MIME types and option names are single
   * lower-case tokens and pass.
   */
  static final Pattern WORDS = Pattern.compile("\\p{L}{2,}\\s+\\p{L}{2,}|^\\p{Lu}\\p{Ll}+");

  /** Literals that look like words but are code: the strict-mode directive and HTTP header names. */
  static final java.util.Set<String> CODE = java.util.Set.of("use strict", "Accept", "Content-Type");

  static List<String> wordsInScript(String name, String js) {
    List<String> problems = new ArrayList<>();
    String code = js.replaceAll("(?m)//.*$", "");
    Matcher m = STRING.matcher(code);
    while (m.find()) {
      String literal = m.group(1) != null ? m.group(1) : m.group(2);
      if (WORDS.matcher(literal).find() && !CODE.contains(literal)) {
        int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        problems.add(name + ":" + line + ": string \"" + literal + "\" reads as text for people; pass it from the server"
            + " (message bundles) instead");
      }
    }
    return problems;
  }

  @Test
  void noScriptHasWordsOfItsOwn() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SCRIPTS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
        problems.addAll(wordsInScript(SCRIPTS.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void templatesHaveNoInlineScriptCodeOnlyScriptFilesAndJsonTheServerWrites() throws IOException {
    Pattern script = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);
    List<String> problems = new ArrayList<>();
    for (Path t : templates()) {
      Matcher m = script.matcher(Files.readString(t, StandardCharsets.UTF_8));
      while (m.find()) {
        String attributes = m.group(1);
        boolean file = attributes.contains("th:src") || attributes.contains(" src=");
        boolean json = attributes.contains("application/json") && (attributes.contains("th:utext") || attributes.contains("th:text"));
        if (!(file && m.group(2).isBlank()) && !json) {
          problems.add(TEMPLATES.relativize(t) + ": <script" + attributes + "> holds code; put it in static/js and pass texts from the server");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void findsWordsInScripts() {
    String js = """
        var chart = 'line';
        el.querySelector('[data-chart]');
        status.textContent = 'Numbers updated';
        // 'A comment is fine'
        alert("Saved");
        """;
    assertThat(wordsInScript("k.js", js)).containsExactly(
        "k.js:3: string \"Numbers updated\" reads as text for people; pass it from the server (message bundles) instead",
        "k.js:5: string \"Saved\" reads as text for people; pass it from the server (message bundles) instead");
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

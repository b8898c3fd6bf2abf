package io.kompass.app.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;

/**
 * Finds user-visible text in a Thymeleaf template that does not come from the message bundles:
 * text between tags, and attributes people read (title, alt, placeholder, aria-label, ...), unless
 * Thymeleaf replaces them ({@code th:text}, {@code th:replace}, {@code th:title}, ...).
 */
final class TemplateText extends AbstractMarkupHandler {

  /** Attributes whose values people see or hear. */
  static final Set<String> VISIBLE_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label", "aria-description", "label");

  /** Attributes that replace an element's content, so whatever text it holds in the template never shows. */
  static final Set<String> REPLACES_CONTENT = Set.of("th:text", "th:utext", "th:replace", "th:insert", "th:remove");

  /** Elements whose content is not text for people. */
  static final Set<String> NOT_TEXT = Set.of("script", "style");

  private final String name;
  private final List<String> problems = new ArrayList<>();
  /** For each open element: whether its content is replaced by Thymeleaf (or is no text for people). */
  private final Deque<Boolean> replaced = new ArrayDeque<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private int elementLine;

  private TemplateText(String name) {
    this.name = name;
  }

  /** One problem per entry: {@code name:line: what}. */
  static List<String> untranslated(String name, String html) {
    TemplateText handler = new TemplateText(name);
    try {
      new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(html, handler);
    } catch (ParseException e) {
      return List.of(name + ": cannot be parsed: " + e.getMessage());
    }
    return handler.problems;
  }

  private boolean insideReplaced() {
    return !replaced.isEmpty() && replaced.peek();
  }

  @Override
  public void handleText(char[] buffer, int offset, int len, int line, int col) {
    String text = new String(buffer, offset, len).strip();
    if (!text.isEmpty() && !insideReplaced()) {
      problems.add(name + ":" + line + ": text \"" + text + "\" is not from the message bundles;"
          + " use th:text=\"#{key}\" with a key in messages.properties and messages_sv.properties");
    }
  }

  @Override
  public void handleOpenElementStart(char[] buffer, int offset, int len, int line, int col) {
    startElement(line);
  }

  @Override
  public void handleStandaloneElementStart(char[] buffer, int offset, int len, boolean minimized, int line, int col) {
    startElement(line);
  }

  @Override
  public void handleAutoOpenElementStart(char[] buffer, int offset, int len, int line, int col) {
    startElement(line);
  }

  private void startElement(int line) {
    attributes.clear();
    elementLine = line;
  }

  @Override
  public void handleAttribute(char[] buffer, int nameOffset, int nameLen, int nameLine, int nameCol, int operatorOffset,
      int operatorLen, int operatorLine, int operatorCol, int valueContentOffset, int valueContentLen, int valueOuterOffset,
      int valueOuterLen, int valueLine, int valueCol) {
    attributes.put(new String(buffer, nameOffset, nameLen).toLowerCase(Locale.ROOT), new String(buffer, valueContentOffset, valueContentLen));
  }

  @Override
  public void handleOpenElementEnd(char[] buffer, int offset, int len, int line, int col) {
    checkAttributes();
    String element = new String(buffer, offset, len).toLowerCase(Locale.ROOT);
    boolean replaces = attributes.keySet().stream().anyMatch(REPLACES_CONTENT::contains) || NOT_TEXT.contains(element);
    replaced.push(insideReplaced() || replaces);
  }

  @Override
  public void handleAutoOpenElementEnd(char[] buffer, int offset, int len, int line, int col) {
    replaced.push(insideReplaced());
  }

  @Override
  public void handleStandaloneElementEnd(char[] buffer, int offset, int len, boolean minimized, int line, int col) {
    checkAttributes();
  }

  @Override
  public void handleCloseElementEnd(char[] buffer, int offset, int len, int line, int col) {
    replaced.pop();
  }

  @Override
  public void handleAutoCloseElementEnd(char[] buffer, int offset, int len, int line, int col) {
    replaced.pop();
  }

  private void checkAttributes() {
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      String attribute = a.getKey();
      boolean setByThymeleaf = attributes.containsKey("th:" + attribute) || mentionedInThAttr(attribute);
      if (VISIBLE_ATTRIBUTES.contains(attribute) && !a.getValue().isBlank() && !setByThymeleaf && !insideReplaced()) {
        problems.add(name + ":" + elementLine + ": attribute " + attribute + "=\"" + a.getValue()
            + "\" is not from the message bundles; use th:" + attribute + "=\"#{key}\"");
      }
    }
  }

  private boolean mentionedInThAttr(String attribute) {
    String thAttr = attributes.get("th:attr");
    return thAttr != null && thAttr.matches("(?s)(.*[\\s,])?" + attribute + "\\s*=.*");
  }
}

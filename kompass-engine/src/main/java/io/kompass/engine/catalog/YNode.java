package io.kompass.engine.catalog;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML tree that remembers the file and line of every node, for {@code file:line} messages. */
sealed interface YNode {

  String file();

  int line();

  default String where() {
    return file() + ":" + line();
  }

  record YMap(String file, int line, Map<String, YNode> entries) implements YNode {
    public YMap {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    YNode get(String key) {
      return entries.get(key);
    }
  }

  record YList(String file, int line, List<YNode> items) implements YNode {
    public YList {
      items = List.copyOf(items);
    }
  }

  /** A scalar; {@code value} is null for YAML null ({@code ~} or empty). */
  record YScalar(String file, int line, String value) implements YNode {}

  static YNode parse(String file, String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new CatalogException(List.of(new Problem(file, line, "not valid YAML: " + e.getProblem())));
    }
    if (root == null) {
      return new YMap(file, 1, Map.of());
    }
    return convert(file, root);
  }

  private static YNode convert(String file, Node node) {
    int line = node.getStartMark().getLine() + 1;
    if (node instanceof MappingNode m) {
      Map<String, YNode> entries = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        if (entries.containsKey(key)) {
          throw new CatalogException(List.of(new Problem(file, t.getKeyNode().getStartMark().getLine() + 1, "duplicate key '" + key + "'")));
        }
        entries.put(key, convert(file, t.getValueNode()));
      }
      return new YMap(file, line, entries);
    }
    if (node instanceof SequenceNode s) {
      List<YNode> items = new ArrayList<>();
      for (Node n : s.getValue()) {
        items.add(convert(file, n));
      }
      return new YList(file, line, items);
    }
    ScalarNode sc = (ScalarNode) node;
    boolean isNull = sc.getTag().getValue().endsWith(":null") || (sc.getValue().isEmpty() && sc.getScalarStyle().getChar() == null)
        || (sc.getScalarStyle().getChar() == null && (sc.getValue().equals("~") || sc.getValue().equals("null")));
    return new YScalar(file, line, isNull ? null : sc.getValue());
  }

  /**
   * Overlays {@code top} on {@code base}: maps merge key by key (recursively), anything else in
   * {@code top} replaces what is in {@code base}. A null scalar in {@code top} removes the key.
   */
  static YNode merge(YNode base, YNode top) {
    if (base instanceof YMap b && top instanceof YMap t) {
      Map<String, YNode> out = new LinkedHashMap<>(b.entries());
      for (Map.Entry<String, YNode> e : t.entries().entrySet()) {
        YNode old = out.get(e.getKey());
        if (e.getValue() instanceof YScalar s && s.value() == null) {
          out.remove(e.getKey());
        } else {
          out.put(e.getKey(), old == null ? e.getValue() : merge(old, e.getValue()));
        }
      }
      return new YMap(t.file(), t.line(), out);
    }
    return top;
  }
}

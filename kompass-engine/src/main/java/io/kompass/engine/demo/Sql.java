package io.kompass.engine.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders and runs the generator's SQL statements. */
final class Sql {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

  private Sql() {}

  /**
   * Fills {@code ${name}} placeholders from {@code values}; {@code ${d.NAME}} becomes the salt of
   * {@link Draw#NAME}, so a template reads {@code demo_u(deal_no, ${d.WIN})}. An unknown name
   * fails, so a typo cannot silently change the data.
   */
  static String render(String template, Map<String, ?> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (name.startsWith("d.")) {
        value = String.valueOf(Draw.valueOf(name.substring(2)).ordinal());
      } else if (values.containsKey(name)) {
        value = String.valueOf(values.get(name));
      } else {
        throw new IllegalArgumentException("no value for ${" + name + "} in generator SQL");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(e.getMessage() + "\n  in: " + abbreviate(sql), e);
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String abbreviate(String sql) {
    return sql.length() > 600 ? sql.substring(0, 600) + "..." : sql;
  }
}

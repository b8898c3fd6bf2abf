package io.kompass.engine.demo;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One demo company shared by the tests that measure it: 20,000 deals over the 36 months of
 * 2023-2025 (whole calendar years, so seasonality compares like with like). Generated once per
 * test JVM, in memory.
 */
final class DemoFixture {

  static final LocalDate END = LocalDate.of(2025, 12, 31);
  static final Settings SETTINGS = new Settings("EUR", ZoneId.of("Europe/Stockholm"));
  static final DemoSpec SPEC = new DemoSpec(7, 20_000, END);

  private static Workspace shared;

  private DemoFixture() {}

  static synchronized Workspace company() {
    if (shared == null) {
      shared = Workspace.openInMemory("demo-fixture", SETTINGS);
      DemoGenerator.generate(shared, SPEC, Progress.NONE);
    }
    return shared;
  }

  static long count(Workspace ws, String sql) {
    return ((Number) one(ws, sql)).longValue();
  }

  static double number(Workspace ws, String sql) {
    return ((Number) one(ws, sql)).doubleValue();
  }

  static Object one(Workspace ws, String sql) {
    List<List<Object>> rows = rows(ws, sql);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + sql + ", got " + rows.size());
    }
    return rows.get(0).get(0);
  }

  static List<List<Object>> rows(Workspace ws, String sql) {
    try (Connection c = ws.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<Object>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError(e.getMessage() + "\n  in: " + sql, e);
    }
  }
}

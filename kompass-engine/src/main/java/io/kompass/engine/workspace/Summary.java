package io.kompass.engine.workspace;

import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a workspace holds: rows per table with the span of their main date, the currencies in use,
 * the recent imports and how many rows are in quarantine.
 */
public record Summary(
    Settings settings,
    List<TableCount> tables,
    List<String> currencies,
    List<ImportRun> imports,
    long quarantined) {

  /** Rows in a table and the first and last value of its main date (null when empty or dateless). */
  public record TableCount(String table, long rows, String dateColumn, LocalDate from, LocalDate to) {}

  /** One entry of the import log. */
  public record ImportRun(
      long id, LocalDateTime startedAt, String status, String files, Long read, Long loaded, Long quarantined, String message) {}

  /** The date column of each table whose span is shown (the first and the last of two: targets run from a start to an end). */
  private static final Map<String, String> MAIN_DATE =
      Map.ofEntries(
          Map.entry("currency_rates", "rate_date"),
          Map.entry("reps", "started_at"),
          Map.entry("accounts", "created_at"),
          Map.entry("leads", "created_at"),
          Map.entry("deals", "created_at"),
          Map.entry("deal_stage_history", "entered_at"),
          Map.entry("activities", "occurred_at"),
          Map.entry("orders", "ordered_at"),
          Map.entry("costs", "incurred_on"),
          Map.entry("survey_responses", "responded_at"),
          Map.entry("targets", "period_start, period_end"));

  public Summary {
    tables = List.copyOf(tables);
    currencies = List.copyOf(currencies);
    imports = List.copyOf(imports);
  }

  public long totalRows() {
    return tables.stream().mapToLong(TableCount::rows).sum();
  }

  /** Reads the summary; cheap enough for every page view on large workspaces (counts and min/max only). */
  public static Summary of(Workspace workspace, int recentImports) {
    try (Connection c = workspace.connect()) {
      List<TableCount> counts = new ArrayList<>();
      for (Table t : CanonicalModel.tables()) {
        String date = MAIN_DATE.get(t.name());
        String sql =
            date == null
                ? "SELECT count(*), NULL, NULL FROM " + t.name()
                // Targets span from the first one's start to the last one's end, not to the last one's start.
                : "SELECT count(*), CAST(min(" + date.split(", ")[0] + ") AS DATE), CAST(max(" + date.substring(date.lastIndexOf(' ') + 1)
                    + ") AS DATE) FROM " + t.name();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(sql)) {
          rs.next();
          counts.add(
              new TableCount(t.name(), rs.getLong(1), date, rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)));
        }
      }
      List<String> currencies = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT currency FROM (SELECT currency FROM deals UNION SELECT currency FROM orders UNION SELECT currency FROM costs"
                      + " UNION SELECT currency FROM currency_rates) c WHERE currency IS NOT NULL ORDER BY currency")) {
        while (rs.next()) {
          currencies.add(rs.getString(1));
        }
      }
      if (!currencies.contains(workspace.settings().currency())) {
        currencies.add(0, workspace.settings().currency());
      }
      List<ImportRun> runs = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, started_at, status, files, rows_read, rows_loaded, rows_quarantined, message FROM import_runs ORDER BY id DESC LIMIT ?")) {
        ps.setInt(1, recentImports);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            runs.add(
                new ImportRun(
                    rs.getLong(1),
                    rs.getObject(2, LocalDateTime.class),
                    rs.getString(3),
                    rs.getString(4),
                    (Long) rs.getObject(5),
                    (Long) rs.getObject(6),
                    (Long) rs.getObject(7),
                    rs.getString(8)));
          }
        }
      }
      long quarantined;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM quarantine")) {
        rs.next();
        quarantined = rs.getLong(1);
      }
      return new Summary(workspace.settings(), counts, currencies, runs, quarantined);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot summarise workspace " + workspace.location() + ": " + e.getMessage(), e);
    }
  }
}

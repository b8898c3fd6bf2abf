package io.kompass.engine.demo;

import io.kompass.engine.Progress;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Generates the demo company into an empty workspace. Small decisions (teams, reps, their monthly
 * capacity, rates, costs, targets) are made in Java; the large tables are generated inside DuckDB
 * from those with hash-based randomness, in chunks of deals, all in one transaction.
 */
public final class DemoGenerator {

  /** Temp tables that live for the whole generation. */
  private static final List<String> WORK_TABLES =
      List.of("demo_deal", "demo_customer", "demo_plan", "demo_pool", "demo_rep", "demo_month");

  private DemoGenerator() {}

  /**
   * Fills an empty workspace with the demo company described by {@code spec}, as one transaction:
   * on failure nothing is left behind. The same spec always gives identical rows.
   *
   * @throws WorkspaceException when the workspace already holds data (any canonical table), or its
   *     currency is one the demo company cannot report in
   */
  public static DemoReport generate(Workspace workspace, DemoSpec spec, Progress progress) {
    long started = System.nanoTime();
    try (Connection connection = workspace.connect()) {
      DuckDBConnection c = connection.unwrap(DuckDBConnection.class);
      refuseIfNotEmpty(c, workspace);
      c.setAutoCommit(false);
      boolean committed = false;
      try {
        run(c, spec, workspace.settings().currency(), progress);
        Workspace.markDataWritten(c); // the data changed without an import
        progress.update("saving", 0, 1);
        c.commit();
        committed = true;
      } finally {
        if (!committed) {
          c.rollback();
        }
        c.setAutoCommit(true);
      }
      progress.update("saving", 1, 1);
      return new DemoReport(counts(c), Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException e) {
      throw new WorkspaceException("cannot generate demo data in " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  private static void run(DuckDBConnection c, DemoSpec spec, String currency, Progress progress) throws SQLException {
    Timeline t = Timeline.endingAt(spec.end());
    long total = spec.deals();
    long existing = Math.round(total * DemoProfile.EXISTING_CUSTOMER_DEAL_SHARE);
    long newBusiness = total - existing;
    Rates.requireSupported(currency);
    progress.update("planning deals", 0, 4);

    HashRandom.install(c, spec.seed());
    Staff staff = Staff.hire(spec.seed(), total, newBusiness, t);
    staff.write(c, t);
    Pipelines.write(c);
    Rates.write(c, t, currency, spec.seed());
    CanonicalImport.rebuildDailyRates(c);

    DealWork work = new DealWork(c, t);
    work.newBusiness();
    progress.update("planning deals", 1, 4);
    work.customers();
    progress.update("planning deals", 2, 4);
    long made = work.existingCustomers(existing, newBusiness + 1);
    progress.update("planning deals", 3, 4);
    work.combine();
    progress.update("planning deals", 4, 4);
    long deals = newBusiness + made;

    DealRows dealRows = new DealRows(c, t);
    LeadRows leadRows = new LeadRows(c, t);
    ActivityRows activityRows = new ActivityRows(c, t);
    // Big chunks: each statement costs a tenth of a second or more to plan, whatever its size, and
    // DuckDB parallelises large statements better. Progress still moves three times per chunk.
    long chunk = Math.max(50_000, Math.min(250_000, deals / 4));
    for (long from = 1; from <= deals; from += chunk) {
      long to = Math.min(deals, from + chunk - 1);
      long size = to - from + 1;
      // Within a chunk, progress moves roughly with the time each writer takes.
      dealRows.write(from, to);
      progress.update("generating deals", from - 1 + size * 3 / 10, deals);
      leadRows.write(from, to);
      progress.update("generating deals", from - 1 + size * 6 / 10, deals);
      activityRows.write(from, to);
      leadRows.dropSiblings();
      progress.update("generating deals", to, deals);
    }

    // Each history row's exit time, as every writer of the history keeps it (point-in-time KPIs read it).
    CanonicalImport.refreshStageExits(c, null);
    progress.update("orders, surveys, costs and targets", 0, 4);
    CustomerRows customers = new CustomerRows(c, t, deals);
    customers.orders();
    progress.update("orders, surveys, costs and targets", 1, 4);
    customers.surveys();
    progress.update("orders, surveys, costs and targets", 2, 4);
    CostRows.write(c, t, staff, spec.seed());
    progress.update("orders, surveys, costs and targets", 3, 4);
    TargetRows.write(c, t, staff, currency);
    progress.update("orders, surveys, costs and targets", 4, 4);
    for (String table : WORK_TABLES) {
      Sql.exec(c, "DROP TABLE IF EXISTS " + table);
    }
  }

  private static void refuseIfNotEmpty(Connection c, Workspace workspace) throws SQLException {
    List<String> filled = new ArrayList<>();
    for (Table table : CanonicalModel.tables()) {
      long rows = Sql.scalar(c, "SELECT count(*) FROM " + table.name());
      if (rows > 0) {
        filled.add(table.name() + ": " + rows);
      }
    }
    if (!filled.isEmpty()) {
      throw new WorkspaceException("workspace " + workspace.location() + " already holds data (" + String.join(", ", filled)
          + "); demo data goes only into an empty workspace, so create a new workspace for the demo");
    }
  }

  private static Map<String, Long> counts(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Table table : CanonicalModel.tables()) {
      out.put(table.name(), Sql.scalar(c, "SELECT count(*) FROM " + table.name()));
    }
    return out;
  }
}

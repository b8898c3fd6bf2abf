package io.kompass.engine.demo;

import io.kompass.engine.demo.DemoProfile.Stage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Writes the two pipelines of {@link DemoProfile}: New Business and Renewals. */
final class Pipelines {

  private Pipelines() {}

  static void write(DuckDBConnection c) throws SQLException {
    List<Stage> all = new ArrayList<>(DemoProfile.NEW_BUSINESS_STAGES);
    all.addAll(DemoProfile.RENEWAL_STAGES);
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pipeline_stages")) {
      for (Stage s : all) {
        a.beginRow().append(s.pipeline()).append(s.name()).append(DemoProfile.SOURCE_SYSTEM).append(s.position())
            .append(s.status()).append(s.qualified()).append(s.probability()).endRow();
      }
    }
  }
}

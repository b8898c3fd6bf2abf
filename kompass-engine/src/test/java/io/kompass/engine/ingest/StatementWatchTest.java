package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementWatchTest {

  @Test
  void theProgressMovesWhileOneLongStatementRuns() throws Exception {
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    Progress progress = (task, done, total) -> {
      if (task.equals("deals.csv: checking")) {
        seen.add(done);
      }
    };
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        StatementWatch watch = new StatementWatch(c, progress, 20)) {
      watch.phase("deals.csv: checking", 1000, 6000, 10_000);
      // One statement of a few seconds, as checking a large file is.
      TableLoader.exec(c, "CREATE TEMP TABLE t AS SELECT i, md5(CAST(i AS VARCHAR)) AS h FROM range(0, 8000000) r(i)");
    }
    assertThat(seen.get(0)).isEqualTo(1000);
    assertThat(seen).anySatisfy(done -> assertThat(done).isGreaterThan(1000).isLessThanOrEqualTo(7000));
  }
}

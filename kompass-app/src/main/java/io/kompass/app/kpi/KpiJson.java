package io.kompass.app.kpi;

import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.ResultMaps;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of KPI results and comparisons for the CLI and the REST API (docs/json.md): the
 * engine's {@link ResultMaps}, which the Spark job writes too.
 */
public final class KpiJson {

  public static final String RESULT_SCHEMA = ResultMaps.RESULT_SCHEMA;
  public static final String COMPARISON_SCHEMA = ResultMaps.COMPARISON_SCHEMA;
  public static final String CATALOG_SCHEMA = ResultMaps.CATALOG_SCHEMA;

  private KpiJson() {}

  public static Map<String, Object> result(KpiResult r) {
    return ResultMaps.result(r);
  }

  public static Map<String, Object> cell(Cell c) {
    return ResultMaps.cell(c);
  }

  public static Map<String, Object> comparison(Comparison cmp) {
    return ResultMaps.comparison(cmp);
  }

  public static Map<String, Object> definition(Kpi k, List<String> dimensions) {
    return ResultMaps.definition(k, dimensions);
  }
}

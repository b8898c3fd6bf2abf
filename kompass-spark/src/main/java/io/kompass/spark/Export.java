package io.kompass.spark;

import java.util.List;

/** The tables of a workspace export that KPI queries read. */
final class Export {
  static final List<String> TABLES = List.of("workspace_settings", "currency_rates", "currency_rates_daily", "teams", "reps", "pipeline_stages",
      "accounts", "leads", "deals", "deal_stage_history", "activities", "orders", "costs", "survey_responses", "targets");

  private Export() {}
}

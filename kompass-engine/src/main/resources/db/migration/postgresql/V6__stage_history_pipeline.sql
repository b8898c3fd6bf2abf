-- The pipeline each stage belongs to, on every stage-history row. A stage's meaning (open, qualified,
-- its probability) is defined per pipeline; keeping the pipeline on the row lets point-in-time KPIs
-- look it up without joining every row to its deal, and stays right for a deal that later moved to
-- another pipeline. Existing rows take their deal's current pipeline.
ALTER TABLE deal_stage_history ADD COLUMN pipeline VARCHAR;

UPDATE deal_stage_history AS h SET pipeline = d.pipeline FROM deals d WHERE d.id = h.deal_id;

-- The pipeline each stage belongs to, on every stage-history row. A stage's meaning (open, qualified,
-- its probability) is defined per pipeline; keeping the pipeline on the row lets point-in-time KPIs
-- look it up without joining every row to its deal, and stays right for a deal that later moved to
-- another pipeline. Existing rows take their deal's current pipeline. The table is rebuilt (rather
-- than updated in place) so that it stays as compact as a freshly written one.
CREATE TABLE deal_stage_history_v7 (
  deal_id       VARCHAR NOT NULL USING COMPRESSION uncompressed,
  source_system VARCHAR NOT NULL,
  stage         VARCHAR NOT NULL,
  status        VARCHAR NOT NULL,
  entered_at    TIMESTAMP NOT NULL,
  inferred      BOOLEAN NOT NULL,
  left_at       TIMESTAMP,
  pipeline      VARCHAR
);
INSERT INTO deal_stage_history_v7
SELECT h.deal_id, h.source_system, h.stage, h.status, h.entered_at, h.inferred, h.left_at, d.pipeline
FROM deal_stage_history h LEFT JOIN deals d ON d.id = h.deal_id;
DROP TABLE deal_stage_history;
ALTER TABLE deal_stage_history_v7 RENAME TO deal_stage_history;

-- When a deal left each stage (the entered_at of its next history row; null for its current stage).
-- Kept by every writer of deal_stage_history, so that point-in-time KPIs count the deals in a state
-- at any date from plain +1/-1 events, without ordering each deal's history at query time.
ALTER TABLE deal_stage_history ADD COLUMN left_at TIMESTAMP;

UPDATE deal_stage_history AS h SET left_at = n.next_at
FROM (SELECT deal_id, entered_at, stage, lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, stage) AS next_at
      FROM deal_stage_history) n
WHERE h.deal_id = n.deal_id AND h.entered_at = n.entered_at AND h.stage = n.stage AND n.next_at IS NOT NULL;

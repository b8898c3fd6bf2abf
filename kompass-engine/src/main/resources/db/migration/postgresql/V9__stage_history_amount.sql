-- The deal's amount from each history row on, so that the pipeline value on a past date uses the amount the deal had
-- then. Empty means the deal's current amount (it has not changed since that row); currency empty means the deal's.
-- Salesforce's OpportunityHistory carries it; an import that sees an open deal's amount change fills it in for the
-- deal's earlier rows and adds a row from when the change was seen.
ALTER TABLE deal_stage_history ADD COLUMN amount DECIMAL(18,2);
ALTER TABLE deal_stage_history ADD COLUMN currency VARCHAR;

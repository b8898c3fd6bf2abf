-- KPI results a server computed, kept for the data they were computed on (data_stamp: the finished imports at the
-- time), so that a restart does not compute them again. cells is the result's cells as text; query_key is a hash of
-- everything else the numbers depend on.
CREATE TABLE kept_results (query_key VARCHAR NOT NULL, data_stamp VARCHAR NOT NULL, kept_at TIMESTAMP NOT NULL, cells VARCHAR NOT NULL);

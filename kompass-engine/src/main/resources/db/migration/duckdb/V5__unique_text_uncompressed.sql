-- Deal ids, deal names and the deal id of each history row are (nearly) unique per row. Dictionary
-- and FSST compression save little on such text and cost most of the time of writing it, so these
-- columns are stored uncompressed. Every other column keeps DuckDB's automatic compression.
-- DuckDB cannot change a column's compression in place: the two tables are rebuilt.
CREATE TABLE deals_v5 (
  id                VARCHAR NOT NULL USING COMPRESSION uncompressed,
  source_system     VARCHAR NOT NULL,
  name              VARCHAR USING COMPRESSION uncompressed,
  pipeline          VARCHAR NOT NULL,
  stage             VARCHAR NOT NULL,
  status            VARCHAR NOT NULL,
  amount            DECIMAL(18,2),
  currency          VARCHAR,
  created_at        TIMESTAMP NOT NULL,
  closed_at         TIMESTAMP,
  expected_close_at DATE,
  qualified_at      TIMESTAMP,
  lead_id           VARCHAR,
  account_id        VARCHAR,
  owner_id          VARCHAR,
  product           VARCHAR,
  channel           VARCHAR,
  lost_reason       VARCHAR
);
INSERT INTO deals_v5 SELECT * FROM deals;
DROP TABLE deals;
ALTER TABLE deals_v5 RENAME TO deals;

CREATE TABLE deal_stage_history_v5 (
  deal_id       VARCHAR NOT NULL USING COMPRESSION uncompressed,
  source_system VARCHAR NOT NULL,
  stage         VARCHAR NOT NULL,
  status        VARCHAR NOT NULL,
  entered_at    TIMESTAMP NOT NULL,
  inferred      BOOLEAN NOT NULL,
  left_at       TIMESTAMP
);
INSERT INTO deal_stage_history_v5 SELECT * FROM deal_stage_history;
DROP TABLE deal_stage_history;
ALTER TABLE deal_stage_history_v5 RENAME TO deal_stage_history;

-- Kompass canonical sales data model (see docs/data-model.md).
-- Every business row keeps the id it has in its source system and the name of that system.
-- Timestamps are wall-clock times in the workspace time zone (converted on import).
-- No primary-key indexes: uniqueness is enforced by the importer, and DuckDB bulk loads
-- are several times faster without ART indexes on tables of tens of millions of rows.

CREATE TABLE workspace_settings (
  key   VARCHAR NOT NULL,
  value VARCHAR NOT NULL
);

CREATE TABLE teams (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  region        VARCHAR
);

CREATE TABLE reps (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  email         VARCHAR,
  team_id       VARCHAR,
  started_at    DATE,
  ended_at      DATE
);

CREATE TABLE accounts (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  domain        VARCHAR,
  segment       VARCHAR,
  industry      VARCHAR,
  region        VARCHAR,
  country       VARCHAR,
  channel       VARCHAR,
  created_at    TIMESTAMP
);

CREATE TABLE leads (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  created_at    TIMESTAMP NOT NULL,
  name          VARCHAR,
  email         VARCHAR,
  company       VARCHAR,
  channel       VARCHAR,
  status        VARCHAR NOT NULL,
  qualified_at  TIMESTAMP,
  converted_at  TIMESTAMP,
  lost_at       TIMESTAMP,
  lost_reason   VARCHAR,
  owner_id      VARCHAR,
  account_id    VARCHAR
);

CREATE TABLE pipeline_stages (
  pipeline      VARCHAR NOT NULL,
  stage         VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  position      INTEGER NOT NULL,
  status        VARCHAR NOT NULL,
  qualified     BOOLEAN NOT NULL,
  probability   DOUBLE
);

CREATE TABLE deals (
  id                VARCHAR NOT NULL,
  source_system     VARCHAR NOT NULL,
  name              VARCHAR,
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

CREATE TABLE deal_stage_history (
  deal_id       VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  stage         VARCHAR NOT NULL,
  status        VARCHAR NOT NULL,
  entered_at    TIMESTAMP NOT NULL,
  inferred      BOOLEAN NOT NULL
);

CREATE TABLE activities (
  id               VARCHAR NOT NULL,
  source_system    VARCHAR NOT NULL,
  type             VARCHAR NOT NULL,
  occurred_at      TIMESTAMP NOT NULL,
  done             BOOLEAN NOT NULL,
  duration_seconds INTEGER,
  deal_id          VARCHAR,
  lead_id          VARCHAR,
  account_id       VARCHAR,
  rep_id           VARCHAR,
  outcome          VARCHAR,
  subject          VARCHAR
);

CREATE TABLE orders (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  account_id    VARCHAR NOT NULL,
  ordered_at    TIMESTAMP NOT NULL,
  amount        DECIMAL(18,2) NOT NULL,
  gross_amount  DECIMAL(18,2),
  currency      VARCHAR NOT NULL,
  deal_id       VARCHAR,
  rep_id        VARCHAR,
  product       VARCHAR
);

CREATE TABLE costs (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  incurred_on   DATE NOT NULL,
  category      VARCHAR NOT NULL,
  channel       VARCHAR,
  amount        DECIMAL(18,2) NOT NULL,
  currency      VARCHAR NOT NULL,
  team_id       VARCHAR,
  description   VARCHAR
);

CREATE TABLE survey_responses (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,
  score         INTEGER NOT NULL,
  scale_max     INTEGER NOT NULL,
  responded_at  TIMESTAMP NOT NULL,
  account_id    VARCHAR,
  rep_id        VARCHAR,
  deal_id       VARCHAR
);

CREATE TABLE targets (
  id            VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  kpi           VARCHAR NOT NULL,
  rep_id        VARCHAR,
  team_id       VARCHAR,
  period_start  DATE NOT NULL,
  period_end    DATE NOT NULL,
  value         DOUBLE NOT NULL
);

CREATE TABLE currency_rates (
  rate_date     DATE NOT NULL,
  currency      VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  rate          DOUBLE NOT NULL
);

-- Derived: the rate in force on every day (forward-filled), rebuilt after each import of rates,
-- so that KPI queries convert money with a plain equi-join on every engine.
CREATE TABLE currency_rates_daily (
  rate_date     DATE NOT NULL,
  currency      VARCHAR NOT NULL,
  rate          DOUBLE NOT NULL
);

CREATE TABLE import_runs (
  id            BIGINT NOT NULL,
  started_at    TIMESTAMP NOT NULL,
  finished_at   TIMESTAMP,
  status        VARCHAR NOT NULL,
  files         VARCHAR NOT NULL,
  rows_read     BIGINT,
  rows_loaded   BIGINT,
  rows_quarantined BIGINT,
  message       VARCHAR
);

CREATE TABLE quarantine (
  import_id     BIGINT NOT NULL,
  table_name    VARCHAR NOT NULL,
  file          VARCHAR NOT NULL,
  line          BIGINT NOT NULL,
  record_id     VARCHAR,
  field         VARCHAR,
  reason        VARCHAR NOT NULL,
  problems      VARCHAR NOT NULL,
  raw           VARCHAR
);

-- Kompass canonical sales data model (see docs/data-model.md).
-- Every business row keeps the id it has in its source system and the name of that system.
-- Timestamps are wall-clock times in the workspace time zone (converted on import).
-- PostgreSQL edition: the same tables as on DuckDB (a test compares them), with keys and the
-- indexes and statistics that KPI queries need on this engine.

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
  probability   DOUBLE PRECISION
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
  value         DOUBLE PRECISION NOT NULL
);

CREATE TABLE currency_rates (
  rate_date     DATE NOT NULL,
  currency      VARCHAR NOT NULL,
  source_system VARCHAR NOT NULL,
  rate          DOUBLE PRECISION NOT NULL
);

-- Derived: the rate in force on every day (forward-filled), rebuilt after each import of rates,
-- so that KPI queries convert money with a plain equi-join on every engine.
CREATE TABLE currency_rates_daily (
  rate_date     DATE NOT NULL,
  currency      VARCHAR NOT NULL,
  rate          DOUBLE PRECISION NOT NULL
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

-- Keys: the importer merges by them.
ALTER TABLE teams ADD PRIMARY KEY (id);
ALTER TABLE reps ADD PRIMARY KEY (id);
ALTER TABLE accounts ADD PRIMARY KEY (id);
ALTER TABLE leads ADD PRIMARY KEY (id);
ALTER TABLE pipeline_stages ADD PRIMARY KEY (pipeline, stage);
ALTER TABLE deals ADD PRIMARY KEY (id);
ALTER TABLE activities ADD PRIMARY KEY (id);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE costs ADD PRIMARY KEY (id);
ALTER TABLE survey_responses ADD PRIMARY KEY (id);
ALTER TABLE targets ADD PRIMARY KEY (id);
ALTER TABLE currency_rates ADD PRIMARY KEY (rate_date, currency);
ALTER TABLE currency_rates_daily ADD PRIMARY KEY (currency, rate_date);

-- Anchor dates and the joins of the facts.
CREATE INDEX deals_closed_at ON deals (closed_at);
CREATE INDEX deals_created_at ON deals (created_at);
CREATE INDEX deals_owner_id ON deals (owner_id);
CREATE INDEX deals_lead_id ON deals (lead_id);
CREATE INDEX deals_account_id ON deals (account_id);
CREATE INDEX deal_stage_history_deal ON deal_stage_history (deal_id, entered_at);
CREATE INDEX activities_deal_id ON activities (deal_id);
CREATE INDEX activities_occurred_at ON activities (occurred_at);
CREATE INDEX leads_created_at ON leads (created_at);
CREATE INDEX orders_ordered_at ON orders (ordered_at);
CREATE INDEX orders_account_id ON orders (account_id);
CREATE INDEX costs_incurred_on ON costs (incurred_on);
CREATE INDEX survey_responses_responded_at ON survey_responses (responded_at);
CREATE INDEX quarantine_table_file ON quarantine (table_name, file);

-- GROUP BY date_trunc(...) is misestimated badly without statistics on the expression
-- (millions of groups expected for a few dozen); these make the planner pick hash aggregates.
CREATE STATISTICS deals_closed_month ON (date_trunc('month', closed_at)) FROM deals;
CREATE STATISTICS deals_created_month ON (date_trunc('month', created_at)) FROM deals;
CREATE STATISTICS leads_created_month ON (date_trunc('month', created_at)) FROM leads;
CREATE STATISTICS activities_occurred_month ON (date_trunc('month', occurred_at)) FROM activities;
CREATE STATISTICS history_entered_month ON (date_trunc('month', entered_at)) FROM deal_stage_history;

-- KPI results computed elsewhere (the Spark job) and imported with `kompass results import`.
-- A query asks for a KPI with the same key (KPI, variant, parameters, periods, grouping, filter, ...)
-- gets these numbers instead of computing them, until new data is imported into the workspace.
CREATE TABLE precomputed_series (
  query_key     VARCHAR NOT NULL,
  kpi           VARCHAR NOT NULL,
  variant       VARCHAR NOT NULL,
  computed_by   VARCHAR NOT NULL,
  imported_at   TIMESTAMP NOT NULL,
  currency      VARCHAR NOT NULL,
  conversion    VARCHAR NOT NULL,
  PRIMARY KEY (query_key)
);

CREATE TABLE precomputed_cells (
  query_key     VARCHAR NOT NULL,
  position      INTEGER NOT NULL,
  period_start  DATE NOT NULL,
  period_end    DATE NOT NULL,
  group_values  VARCHAR,
  value         DOUBLE PRECISION,
  numerator     DOUBLE PRECISION,
  denominator   DOUBLE PRECISION,
  n             BIGINT NOT NULL,
  ci_low        DOUBLE PRECISION,
  ci_high       DOUBLE PRECISION,
  low_volume    BOOLEAN NOT NULL,
  included      BIGINT NOT NULL,
  excluded      BIGINT NOT NULL,
  converted     BIGINT NOT NULL
);

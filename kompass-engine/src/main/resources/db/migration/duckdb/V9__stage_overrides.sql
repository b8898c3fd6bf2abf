-- What a CRM stage means when an import said so (--stage "Verbal yes=won"): later imports of the same source system
-- read the stage the same way until an import says otherwise. stage is lower case and trimmed; status is open, won
-- or lost.
CREATE TABLE stage_overrides (
  source_system VARCHAR NOT NULL,
  stage         VARCHAR NOT NULL,
  status        VARCHAR NOT NULL,
  import_id     BIGINT NOT NULL,
  PRIMARY KEY (source_system, stage)
);

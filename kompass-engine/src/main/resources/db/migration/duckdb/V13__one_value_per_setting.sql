-- A setting has one value. Two saves of one setting at the same moment could leave two rows (there was no key);
-- the row saved last stays, and the key lets a save replace the value in one statement.
CREATE TABLE workspace_settings_v13 (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
INSERT INTO workspace_settings_v13 SELECT key, arg_max(value, rowid) FROM workspace_settings GROUP BY key;
DROP TABLE workspace_settings;
ALTER TABLE workspace_settings_v13 RENAME TO workspace_settings;

package io.kompass.engine.sql;

/** Types the planner casts to; each dialect names them. */
public enum SqlType {
  BOOLEAN,
  BIGINT,
  DOUBLE,
  VARCHAR,
  DATE,
  TIMESTAMP
}

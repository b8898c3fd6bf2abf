/**
 * Kompass on Apache Spark: the same catalog, planner and evidence as on DuckDB and PostgreSQL,
 * run by Spark SQL over a Parquet export of a workspace, locally or on a cluster with
 * spark-submit.
 */
package io.kompass.spark;

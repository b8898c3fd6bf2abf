/**
 * Moving a workspace's data out for other engines: {@code kompass export --parquet} writes the data
 * lake the Spark job reads (docs/spark.md), and {@code kompass copy} moves a workspace between
 * DuckDB and PostgreSQL.
 */
package io.kompass.app.lake;

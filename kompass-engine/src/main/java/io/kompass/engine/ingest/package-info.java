/**
 * Loading data into a workspace without losing a row: canonical CSV files, CRM exports recognised
 * by their header (presets for HubSpot, Salesforce, Pipedrive and Zoho, shipped as mapping files),
 * and CSV or Excel files described by a mapping file all become {@code Source}s:
 * SQL over DuckDB's CSV reader. Every input row is either loaded (inserted or replacing the row with
 * the same key) or quarantined with the file, row, field and a reason a person understands. A batch
 * of files is one transaction. {@link io.kompass.engine.ingest.Quality} finds likely duplicates and
 * anomalies among the loaded rows.
 */
package io.kompass.engine.ingest;

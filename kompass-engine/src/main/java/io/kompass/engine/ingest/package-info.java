/**
 * Loading canonical CSV files into a workspace without losing a row: every input row is either
 * loaded (inserted or replacing the row with the same key) or quarantined with the file, row,
 * field and a reason a person understands. A batch of files is one transaction.
 */
package io.kompass.engine.ingest;

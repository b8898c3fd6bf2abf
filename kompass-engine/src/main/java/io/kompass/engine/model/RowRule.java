package io.kompass.engine.model;

/**
 * A check across several columns of one row, run after every column has been parsed.
 *
 * @param field the column named in the quarantine entry when the rule fails
 * @param failsWhen a SQL condition over the parsed columns (standard SQL, no user input) that is
 *     true for a bad row
 * @param reason the explanation a person reads
 */
public record RowRule(String field, String failsWhen, String reason) {}

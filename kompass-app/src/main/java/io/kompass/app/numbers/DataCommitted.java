package io.kompass.app.numbers;

/**
 * Published on the importing thread when new data was committed to the workspace, before the data
 * version moves on ({@link DataVersion#bump}): listeners may compute numbers for the new data and
 * keep them ({@link Numbers#keepAhead}), while views still show the version announced before.
 */
public record DataCommitted(long importId) {}

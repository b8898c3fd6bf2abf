package io.kompass.app.numbers;

/** Published when new data was committed to the workspace (an import finished): cached numbers are stale. */
public record DataChanged(long version, long importId) {}

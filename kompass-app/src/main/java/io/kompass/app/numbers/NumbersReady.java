package io.kompass.app.numbers;

/**
 * Published after new data was committed and the default dashboard numbers were computed again
 * on it: open dashboards can now refresh and get their numbers from the cache.
 */
public record NumbersReady(long version, long importId) {}

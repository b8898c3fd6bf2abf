/**
 * Benchmarks run by hand ({@code ./bench <name>}), never as timed unit tests. Each measures Kompass
 * against a baseline in the same run (the raw CSV reader for imports, hand-written SQL for KPI
 * queries) and prints the figures and their ratio for docs/performance.md.
 */
package io.kompass.bench;

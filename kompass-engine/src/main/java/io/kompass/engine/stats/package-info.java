/**
 * Statistics behind the evidence on every number: confidence intervals (Wilson for proportions,
 * Student t for means, order statistics for medians, the NPS interval) and the tests that decide
 * whether a before/after difference is more than noise.
 */
package io.kompass.engine.stats;

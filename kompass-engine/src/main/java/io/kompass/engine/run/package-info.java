/**
 * Running compiled KPI queries over JDBC and turning rows into results that carry their evidence:
 * value, numerator, denominator, n, 95 % interval, low-volume flag, coverage, the formula and
 * variant used, and how money was converted. Result types of all engines are normalised here.
 */
package io.kompass.engine.run;

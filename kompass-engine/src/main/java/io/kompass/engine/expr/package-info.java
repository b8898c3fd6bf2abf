/**
 * The small expression language of the KPI catalog: column references (with join paths such as
 * {@code owner.name}), literals, {@code $parameters}, arithmetic, comparisons, boolean logic,
 * {@code in}, {@code is null} and a fixed set of functions. It never contains SQL: the planner
 * compiles it, and every string and parameter value reaches the database as a bind parameter.
 */
package io.kompass.engine.expr;

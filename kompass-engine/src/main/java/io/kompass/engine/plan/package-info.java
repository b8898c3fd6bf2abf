/**
 * The planner: compiles a KPI query into one SQL query for a dialect. Terms of all requested
 * KPIs that read the same fact with the same anchor are computed in one scan; medians get ranked
 * scans; point-in-time terms are rebuilt from stage-history events with a running sum; every
 * group is joined to a spine of periods so that periods without data are present. Each step is
 * named in a SQL comment.
 */
package io.kompass.engine.plan;

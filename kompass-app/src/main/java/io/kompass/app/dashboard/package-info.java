/**
 * The dashboards: Overview (a tile per focus KPI), KPI detail (trend with confidence band,
 * breakdown, funnel, definition, variant switch), My numbers (a rep next to their team's
 * quartiles) and Before/after. Filters live in the URL; numbers come from
 * {@link io.kompass.app.numbers.Numbers} and are formatted per language by {@link io.kompass.app.dashboard.Format}.
 */
package io.kompass.app.dashboard;

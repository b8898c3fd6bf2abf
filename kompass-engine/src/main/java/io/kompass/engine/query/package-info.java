/**
 * KPI queries: which KPIs (with variants and parameters), over which dates, at which grain
 * (day, ISO week, month, quarter, year, fiscal years from any month, or the whole range), grouped
 * and filtered by which dimensions; and the calendar that turns dates into periods.
 */
package io.kompass.engine.query;

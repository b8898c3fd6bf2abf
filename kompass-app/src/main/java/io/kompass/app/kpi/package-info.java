/**
 * KPIs on the command line and over the API: listing and showing the catalog, computing KPIs for
 * a range, grain, grouping and filter, explaining the SQL, comparing two periods, and validating
 * a user catalog. The JSON shape is shared by the CLI and the REST API and documented in
 * docs/json.md.
 */
package io.kompass.app.kpi;

/**
 * The JSON API under {@code /api/v1}: KPI queries with the parameters and result shape of the
 * command line's JSON (docs/json.md), the catalog, comparisons, the overview and My numbers,
 * imports, quality and API tokens; described as OpenAPI at {@code /v3/api-docs}. See docs/api.md.
 */
package io.kompass.app.api;

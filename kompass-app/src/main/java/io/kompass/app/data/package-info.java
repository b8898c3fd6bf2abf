/**
 * Data in the running server: the Data page (what is loaded, sources, recent imports, quarantine),
 * imports uploaded through the page or {@code POST /api/v1/imports}, and live updates: after each
 * committed import the data version grows and open dashboards are told over server-sent events.
 */
package io.kompass.app.data;

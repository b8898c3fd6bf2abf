/**
 * The KPI catalog: facts (what a row is and how it joins), dimensions, and KPIs declared in YAML
 * with their terms, formula, variants, parameters and guidance. A built-in catalog ships in the
 * jar; a user catalog folder can add KPIs or override parts of built-in ones. The validator
 * reports mistakes as {@code file:line: message} before anything runs.
 */
package io.kompass.engine.catalog;

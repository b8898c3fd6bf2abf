/**
 * The canonical sales data model: the tables every source is mapped into, their columns, keys,
 * references and the rules a row must meet to be loaded. The importer, the demo generator, the
 * KPI catalog and the documentation all read the model from here.
 */
package io.kompass.engine.model;

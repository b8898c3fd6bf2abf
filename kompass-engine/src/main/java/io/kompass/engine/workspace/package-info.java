/**
 * A workspace: one database holding a team's canonical sales data, its settings and its import
 * log. Opening a workspace creates or migrates its schema.
 */
package io.kompass.engine.workspace;

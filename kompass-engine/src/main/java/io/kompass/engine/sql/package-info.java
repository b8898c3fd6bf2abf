/**
 * A small SQL tree (expressions, selects, common table expressions) and its rendering to text
 * for one {@link io.kompass.engine.sql.Dialect}. The planner builds the tree; only the renderer
 * knows how an engine spells things, and it asks the dialect.
 */
package io.kompass.engine.sql;

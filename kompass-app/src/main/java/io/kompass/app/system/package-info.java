/** Cross-cutting web configuration: languages. */
package io.kompass.app.system;

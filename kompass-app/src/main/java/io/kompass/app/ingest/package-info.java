/** Getting data in: {@code kompass import}. */
package io.kompass.app.ingest;

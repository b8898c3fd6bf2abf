/** Data quality: {@code kompass quality} shows the quarantine. */
package io.kompass.app.quality;

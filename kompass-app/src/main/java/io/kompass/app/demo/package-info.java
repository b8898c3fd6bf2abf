/** {@code kompass demo}: Kompass on a generated demo company. */
package io.kompass.app.demo;

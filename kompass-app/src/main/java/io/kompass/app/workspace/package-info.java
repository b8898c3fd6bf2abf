/** What a workspace holds: {@code kompass status}, the overview page and {@code /api/v1/workspace}. */
package io.kompass.app.workspace;

/** What a workspace holds: {@code kompass status}, the Data page (package data) and {@code /api/v1/workspace}. */
package io.kompass.app.workspace;

/**
 * People and permissions: users with the roles admin, manager, rep and viewer, sign-in with
 * hashed passwords and CSRF-protected forms, API tokens for scripts, the {@code kompass user}
 * command and the demo users. Who may see which numbers is decided in
 * {@link io.kompass.app.numbers.QueryPolicy}.
 */
package io.kompass.app.people;

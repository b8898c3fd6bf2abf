package io.kompass.app.people;

import java.util.Locale;

/** What a user may do; see docs/dashboards.md for the full table. */
public enum Role {
  /** Everything: all numbers, imports, users. */
  ADMIN,
  /** All teams and reps, imports. */
  MANAGER,
  /** Their own numbers and team-level aggregates. */
  REP,
  /** Team-level aggregates, read only. */
  VIEWER;

  /** The role as typed and stored: admin, manager, rep or viewer. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Spring Security authority of the role, e.g. ROLE_ADMIN. */
  public String authority() {
    return "ROLE_" + name();
  }

  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.id().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a role: choose admin, manager, rep or viewer");
  }
}

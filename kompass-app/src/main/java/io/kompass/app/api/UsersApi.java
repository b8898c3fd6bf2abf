package io.kompass.app.api;

import io.kompass.app.people.ApiTokens;
import io.kompass.app.people.SignedIn;
import io.kompass.app.people.Users;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The users, for admins (as the Users page lists them). Users are changed on that page or with
 * {@code kompass user}, not with a token: a leaked token must not be able to make itself an admin.
 */
@RestController
@Tag(name = "Users", description = "Who may sign in (admins only)")
class UsersApi {

  private final Users users;
  private final ApiTokens tokens;

  UsersApi(Users users, ApiTokens tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  @GetMapping("/api/v1/users")
  @Operation(summary = "List the users", description = "Each user's id, sign-in name, name, role, the rep they are (id, name, team)"
      + " how many API tokens they have, and when they last signed in with their password (workspace time; null: never)."
      + " Never a password or its hash.")
  List<Map<String, Object>> list() {
    Map<Long, LocalDateTime> signIns = users.lastSignIns();
    return users.all().stream().map(u -> json(u, signIns.get(u.id()))).toList();
  }

  private Map<String, Object> json(SignedIn u, LocalDateTime lastSignIn) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", u.id());
    out.put("email", u.email());
    out.put("name", u.name());
    out.put("role", u.role().id());
    out.put("rep_id", u.repId());
    out.put("rep_name", u.repName());
    out.put("rep_team", u.repTeam());
    out.put("api_tokens", tokens.of(u.id()).size());
    out.put("last_signed_in_at", lastSignIn == null ? null : lastSignIn.toString());
    return out;
  }
}

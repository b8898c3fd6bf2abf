package io.kompass.app.api;

import io.kompass.app.people.ApiTokens;
import io.kompass.app.people.SecurityConfiguration;
import io.kompass.app.people.SignedIn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's API tokens. */
@RestController
@Tag(name = "Tokens", description = "API tokens of the signed-in user")
class TokenApi {

  private final ApiTokens tokens;

  TokenApi(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @GetMapping("/api/v1/tokens")
  @Operation(summary = "List my tokens", description = "Names and dates only; a token is shown once, when made.")
  List<ApiTokens.Token> list(@AuthenticationPrincipal SignedIn me) {
    return tokens.of(me.id());
  }

  @PostMapping("/api/v1/tokens")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "the token, shown once, with its id and name")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400", description = "{\"error\": ...}: the name is empty or too long")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "403", description = "{\"error\": ...}: sent with a token, not a session")
  @Operation(summary = "Make a token", description = "Answers the token once; send it as `Authorization: Bearer <token>`. Only from a"
      + " signed-in session: a token cannot make tokens, so revoking a leaked one locks its holder out.")
  ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "script") String name,
      HttpServletRequest request) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (SecurityConfiguration.hasBearerToken(request)) {
      out.put("error", "tokens are made from a signed-in session (Account page), not with a token");
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body(out);
    }
    if (name.isBlank() || name.length() > ApiTokens.MAX_NAME) {
      out.put("error", "name the token with 1 to " + ApiTokens.MAX_NAME + " characters, e.g. name=nightly-report");
      return ResponseEntity.badRequest().body(out);
    }
    ApiTokens.Made made = tokens.make(me.id(), name);
    out.put("id", made.id());
    out.put("name", name);
    out.put("token", made.token());
    return ResponseEntity.status(HttpStatus.CREATED).body(out);
  }

  @DeleteMapping("/api/v1/tokens/{id}")
  @Operation(summary = "Revoke a token")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "204", description = "revoked")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "403", description = "{\"error\": ...}: a token revoking another token")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "404", description = "{\"error\": ...}: the user has no token with that id")
  ResponseEntity<Map<String, Object>> revoke(@AuthenticationPrincipal SignedIn me, @PathVariable long id, HttpServletRequest request) {
    // A token revokes only itself: a leaked token must not lock its owner's other scripts out.
    String token = SecurityConfiguration.bearerToken(request);
    if (token != null && !tokens.is(id, token)) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .body(Map.of("error", "a token may revoke only itself; revoke others from a signed-in session (Account page)"));
    }
    return tokens.revoke(me.id(), id) ? ResponseEntity.noContent().build()
        : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "you have no token " + id + " (GET /api/v1/tokens lists yours)"));
  }
}

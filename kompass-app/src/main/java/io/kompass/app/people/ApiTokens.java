package io.kompass.app.people;

import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens for scripts: {@code Authorization: Bearer kp_...}. Only a SHA-256 hash is stored, so
 * a token is shown once, when it is made. A token acts as its user, with the user's role.
 */
public final class ApiTokens {

  /** Every token starts with this, so it is easy to recognise in a script or a leak scanner. */
  public static final String PREFIX = "kp_";

  /** The longest token name, as the Account page's form allows. */
  public static final int MAX_NAME = 60;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long a token's user is remembered between lookups, and how often its last use is written. */
  static final java.time.Duration REMEMBER = java.time.Duration.ofSeconds(60);

  private final Workspace workspace;
  private final Users users;
  /** token hash -> (user, when looked up); revoking removes the entry at once. */
  private final java.util.concurrent.ConcurrentHashMap<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

  private record Known(SignedIn user, long userId, long tokenId, long at) {}

  public ApiTokens(Workspace workspace) {
    this.workspace = workspace;
    this.users = new Users(workspace);
  }

  /** A token as listed (never the token itself). */
  public record Token(long id, String name, LocalDateTime createdAt, LocalDateTime lastUsedAt) {}

  /** Makes a token for a user and returns it; it cannot be shown again. */
  public String create(long userId, String name) {
    return make(userId, name).token();
  }

  /** A token just made: its id (to revoke it by) and the token itself. */
  public record Made(long id, String token) {}

  /** Makes a token for a user; its id is never one an earlier token had (table token_ids). */
  public Made make(long userId, String name) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    try (Connection c = workspace.connect()) {
      c.setAutoCommit(false);
      try {
        long id = Users.nextId(c, "token_ids", "api_tokens");
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
          ps.setLong(1, id);
          ps.setLong(2, userId);
          ps.setString(3, name == null || name.isBlank() ? "token" : name.trim());
          ps.setString(4, hash(token));
          ps.setObject(5, now());
          ps.executeUpdate();
        }
        c.commit();
        return new Made(id, token);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * The user a token belongs to; empty for an unknown or revoked token. The user is remembered
   * for a minute, and the token's last use is written at most once a minute, so that busy scripts
   * cost no writes (DuckDB lets concurrent writes to one row conflict).
   */
  public Optional<SignedIn> authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hash = hash(token.trim());
    long now = System.nanoTime();
    Known k = known.get(hash);
    if (k != null && now - k.at() < REMEMBER.toNanos()) {
      return Optional.of(k.user());
    }
    Long userId = null;
    Long tokenId = null;
    try (Connection c = workspace.connect()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT user_id, id FROM api_tokens WHERE token_hash = ?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            userId = rs.getLong(1);
            tokenId = rs.getLong(2);
          }
        }
      }
      if (userId == null) {
        known.remove(hash);
        return Optional.empty();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
        ps.setObject(1, now());
        ps.setLong(2, tokenId);
        ps.executeUpdate();
      } catch (SQLException e) {
        // Another request wrote the same row at this moment: its time is as good as ours.
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    Optional<SignedIn> user = users.find(userId).map(SignedIn::withoutPassword);
    if (user.isPresent()) {
      known.put(hash, new Known(user.get(), userId, tokenId, now));
    }
    return user;
  }

  public List<Token> of(long userId) {
    List<Token> out = new ArrayList<>();
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Token(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDateTime.class), rs.getObject(4, LocalDateTime.class)));
        }
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    return out;
  }

  /** Whether {@code token} is the token with this id. */
  public boolean is(long tokenId, String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return false;
    }
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM api_tokens WHERE id = ? AND token_hash = ?")) {
      ps.setLong(1, tokenId);
      ps.setString(2, hash(token.trim()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Revokes one of a user's tokens; false when the user has no such token. */
  public boolean revoke(long userId, long tokenId) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE id = ? AND user_id = ?")) {
      ps.setLong(1, tokenId);
      ps.setLong(2, userId);
      known.values().removeIf(k -> k.tokenId() == tokenId);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Revokes every token of a user; returns how many there were. */
  public int revokeAll(long userId) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE user_id = ?")) {
      ps.setLong(1, userId);
      known.values().removeIf(k -> k.userId() == userId);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private LocalDateTime now() {
    return LocalDateTime.now(workspace.settings().timeZone());
  }

  private WorkspaceException failed(SQLException e) {
    return new WorkspaceException("cannot read or change the API tokens of " + workspace.location() + ": " + e.getMessage(), e);
  }
}

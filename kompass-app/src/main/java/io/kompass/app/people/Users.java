package io.kompass.app.people;

import io.kompass.engine.sql.Dialect;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.io.Serial;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The users of a workspace (table {@code users}). Used by the web application and by the commands. */
public final class Users {

  static final String SELECT =
      "SELECT u.id, u.email, u.name, u.role, u.rep_id, r.name, t.name, u.password_hash FROM users u"
          + " LEFT JOIN reps r ON r.id = u.rep_id LEFT JOIN teams t ON t.id = r.team_id";

  /** The sign-in name of the admin that {@link #ensureFirstAdmin()} creates. */
  public static final String FIRST_ADMIN = "admin";

  private final Workspace workspace;

  public Users(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Why a change to the users was refused: the web UI names it in the page's language, the CLI prints the message. */
  public enum Refusal {
    NO_EMAIL, BAD_EMAIL, TAKEN, SHORT_PASSWORD, REP_NEEDED, REP_FOR_VIEWER, UNKNOWN_REP, AMBIGUOUS_REP, LAST_ADMIN, NO_USER, SELF, BAD_ROLE
  }

  /** A refused change to the users, with its reason and the value its message names (a sign-in name, a rep id). */
  public static final class Refused extends IllegalArgumentException {
    @Serial private static final long serialVersionUID = 1L;
    private final Refusal reason;
    private final String value;

    public Refused(Refusal reason, String value, String message) {
      super(message);
      this.reason = reason;
      this.value = value;
    }

    public Refusal reason() {
      return reason;
    }

    /** The message key of the reason ({@code users.refused.*}), which takes {@link #value()} and the shortest password. */
    public String key() {
      return "users.refused." + reason.name().toLowerCase(Locale.ROOT);
    }

    public String value() {
      return value;
    }
  }

  /** Sign-in names are compared without case and surrounding spaces. */
  static String normalise(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  public Optional<SignedIn> find(String email) {
    List<SignedIn> found = query(SELECT + " WHERE u.email = ?", normalise(email));
    return found.stream().findFirst();
  }

  Optional<SignedIn> find(long id) {
    return query(SELECT + " WHERE u.id = ?", id).stream().findFirst();
  }

  public List<SignedIn> all() {
    return query(SELECT + " ORDER BY u.id");
  }

  public long count() {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM users");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Adds a user.
   *
   * @param given the rep this user is (required for role rep, optional for admin and manager, none for viewer; must exist
   *     in reps, in any case: r3 finds R3 unless another rep is r3); blank is none
   * @throws IllegalArgumentException when the name is taken, the rep is unknown or the password is too short
   */
  public SignedIn add(String email, String name, Role role, String password, String given) {
    String login = normalise(email);
    String repId = given == null || given.isBlank() ? null : given.trim();
    if (login.isEmpty()) {
      throw new Refused(Refusal.NO_EMAIL, "", "a user needs a sign-in name (an e-mail address)");
    }
    if (login.length() > 254 || login.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isSpaceChar(ch) || Character.isISOControl(ch))) {
      throw new Refused(Refusal.BAD_EMAIL, login.length() > 60 ? login.substring(0, 60) + "…" : login,
          "a sign-in name has no spaces and at most 254 characters (an e-mail address, or a plain name such as admin)");
    }
    if (find(login).isPresent()) {
      throw new Refused(Refusal.TAKEN, login, "there is already a user " + login);
    }
    if (password == null || password.length() < Passwords.MIN_LENGTH) {
      throw new Refused(Refusal.SHORT_PASSWORD, "", "a password needs at least " + Passwords.MIN_LENGTH + " characters");
    }
    if (role == Role.REP && (repId == null || repId.isBlank())) {
      throw new Refused(Refusal.REP_NEEDED, login, "a user with role rep must be linked to a rep: give the rep's id (reps.csv)");
    }
    if (role == Role.VIEWER && repId != null) {
      throw new Refused(Refusal.REP_FOR_VIEWER, login,
          "a viewer sees no rep's own numbers, so is not linked to a rep: leave out the rep");
    }
    String rep = repId == null ? null : knownRep(repId);
    inTransaction(c -> {
      // A new id, never one a removed user had (table user_ids): a session or token of theirs must not become this user's.
      long id = nextId(c, "user_ids", "users");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO users (id, email, name, role, password_hash, rep_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, login);
        // Without a name: a rep user's is the rep's, anyone else's their login.
        ps.setString(3, name != null && !name.isBlank() ? name.trim() : rep != null ? repName(c, rep, login) : login);
        ps.setString(4, role.id());
        ps.setString(5, Passwords.hash(password));
        ps.setString(6, rep);
        ps.setObject(7, LocalDateTime.now(workspace.settings().timeZone()));
        ps.executeUpdate();
      }
    });
    return find(login).orElseThrow();
  }

  public void changePassword(long userId, String password) {
    if (password == null || password.length() < Passwords.MIN_LENGTH) {
      throw new Refused(Refusal.SHORT_PASSWORD, "", "a password needs at least " + Passwords.MIN_LENGTH + " characters");
    }
    update("UPDATE users SET password_hash = ? WHERE id = ?", Passwords.hash(password), userId);
  }

  /**
   * Gives a user another role and the rep they are: a rep user must be linked to a rep, an admin or manager may be
   * (My numbers then opens at their own), a viewer is not. {@code repId} null keeps the user's rep (dropped for a
   * viewer), blank unlinks it. The last admin keeps the role: nobody would be left to manage the workspace.
   * The user's signed-in sessions end at their next check; their API tokens have the new role.
   *
   * @throws IllegalArgumentException when the user is the last admin, or a rep user has no rep that exists
   */
  public synchronized SignedIn changeRole(long userId, Role role, String repId) {
    SignedIn user = existing(userId);
    if (role == Role.VIEWER && repId != null && !repId.isBlank()) {
      throw new Refused(Refusal.REP_FOR_VIEWER, user.email(),
          "a viewer sees no rep's own numbers, so is not linked to a rep: leave out --rep");
    }
    String rep = role == Role.VIEWER ? null : repId == null ? user.repId() : repId.isBlank() ? null : repId.trim();
    if (role == Role.REP && rep == null) {
      throw new Refused(Refusal.REP_NEEDED, user.email(),
          "a user with role rep must be linked to a rep: give the rep's id (reps.csv) with --rep");
    }
    String known = rep == null ? null : knownRep(rep);
    inTransaction(c -> {
      if (role != Role.ADMIN) {
        keepAnAdmin(c, user);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET role = ?, rep_id = ? WHERE id = ?")) {
        ps.setString(1, role.id());
        ps.setString(2, known);
        ps.setLong(3, userId);
        ps.executeUpdate();
      }
    });
    return find(userId).orElseThrow();
  }

  /**
   * Refuses to let {@code user} stop being an admin when no other admin is left, inside the transaction that would
   * change them. On PostgreSQL the admins' rows are locked, so that two admins taking each other's role at the same
   * moment (from two servers) cannot both succeed; one DuckDB process does this one at a time ({@code synchronized}).
   */
  private void keepAnAdmin(Connection c, SignedIn user) throws SQLException {
    String sql = "SELECT id FROM users WHERE role = 'admin'" + (workspace.dialect().equals(Dialect.POSTGRESQL) ? " FOR UPDATE" : "");
    int others = 0;
    boolean admin = false;
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getLong(1) == user.id()) {
          admin = true;
        } else {
          others++;
        }
      }
    }
    if (admin && others == 0) {
      throw new Refused(Refusal.LAST_ADMIN, user.email(), user.email() + " is the only admin; add another admin first");
    }
  }

  /**
   * Removes a user and their API tokens. The last admin cannot be removed: nobody would be left to
   * manage the workspace.
   */
  public synchronized void remove(long userId) {
    SignedIn user = existing(userId);
    inTransaction(c -> {
      keepAnAdmin(c, user);
      try (PreparedStatement t = c.prepareStatement("DELETE FROM api_tokens WHERE user_id = ?");
          PreparedStatement s = c.prepareStatement("DELETE FROM user_sign_ins WHERE user_id = ?");
          PreparedStatement u = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
        t.setLong(1, userId);
        t.executeUpdate();
        s.setLong(1, userId);
        s.executeUpdate();
        u.setLong(1, userId);
        u.executeUpdate();
      }
    });
  }

  /** Notes that the user with this sign-in name signed in with their password now (in the workspace's time zone). */
  public void signedIn(String email) {
    LocalDateTime at = LocalDateTime.now(workspace.settings().timeZone());
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("INSERT INTO user_sign_ins (user_id, last_at) SELECT id, ? FROM users WHERE email = ?"
            + " ON CONFLICT (user_id) DO UPDATE SET last_at = excluded.last_at")) {
      ps.setObject(1, at);
      ps.setString(2, email);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new WorkspaceException("cannot note the sign-in: " + e.getMessage(), e);
    }
  }

  /** When each user who ever signed in with a password last did, by user id. */
  public Map<Long, LocalDateTime> lastSignIns() {
    Map<Long, LocalDateTime> out = new HashMap<>();
    try (Connection c = workspace.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id, last_at FROM user_sign_ins")) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getObject(2, LocalDateTime.class));
      }
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the sign-ins: " + e.getMessage(), e);
    }
    return out;
  }

  /** The user with this id, or a refusal naming the id. */
  SignedIn existing(long userId) {
    return find(userId).orElseThrow(() -> new Refused(Refusal.NO_USER, Long.toString(userId), "there is no user with id " + userId));
  }

  private static String repName(Connection c, String repId, String otherwise) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM reps WHERE id = ?")) {
      ps.setString(1, repId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank() ? rs.getString(1) : otherwise;
      }
    }
  }

  /**
   * The next id of {@code table}, never one given before (even to a row since removed): kept in {@code ids}, a table of
   * one row whose next_id is the next id to give. Called inside the transaction that inserts the row.
   */
  static long nextId(Connection c, String ids, String table) throws SQLException {
    try (PreparedStatement next = c.prepareStatement(
        "UPDATE " + ids + " SET next_id = greatest(next_id, (SELECT coalesce(max(id), 0) + 1 FROM " + table + ")) + 1");
        PreparedStatement read = c.prepareStatement("SELECT next_id - 1 FROM " + ids)) {
      next.executeUpdate();
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Statements that change users together: all of them or none. */
  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(Work work) {
    try (Connection c = workspace.connect()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Makes sure someone can sign in: when the workspace has no users, creates {@value #FIRST_ADMIN}
   * with a random password and returns that password (shown once); else returns empty.
   */
  public synchronized Optional<String> ensureFirstAdmin() {
    if (count() > 0) {
      return Optional.empty();
    }
    String password = Passwords.generate();
    add(FIRST_ADMIN, "Admin", Role.ADMIN, password, null);
    return Optional.of(password);
  }

  /**
   * The id of the rep given, as the workspace spells it: the same id, or else the one id that differs
   * only in case (r3 for R3).
   *
   * @throws Refused when there is no such rep, or several that differ from it only in case
   */
  private String knownRep(String given) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM reps WHERE lower(id) = lower(?) ORDER BY id")) {
      ps.setString(1, given);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      if (ids.contains(given)) {
        return given;
      }
      if (ids.size() == 1) {
        return ids.get(0);
      }
      if (ids.size() > 1) {
        throw new Refused(Refusal.AMBIGUOUS_REP, given, "reps " + String.join(", ", ids) + " differ from " + given
            + " only in case: give the id exactly");
      }
      throw new Refused(Refusal.UNKNOWN_REP, given, "there is no rep with id " + given + " in the workspace");
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private void update(String sql, Object... args) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  List<SignedIn> query(String sql, Object... args) {
    try (Connection c = workspace.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<SignedIn> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SignedIn(rs.getLong(1), rs.getString(2), rs.getString(3), Role.parse(rs.getString(4)), rs.getString(5),
              rs.getString(6), rs.getString(7), rs.getString(8)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private WorkspaceException failed(SQLException e) {
    return new WorkspaceException("cannot read or change the users of " + workspace.location() + ": " + e.getMessage(), e);
  }
}

package io.kompass.app.people;

import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo company's users, one per role, all with the password {@value #PASSWORD}: the rep user
 * is the active rep with the most deals, signing in with that rep's e-mail address. Known
 * passwords are fine for a demo on this machine; {@code kompass demo} says so when it listens
 * on other addresses.
 */
public final class DemoUsers {

  public static final String PASSWORD = "kompass-demo";

  /** A demo user as printed: how to sign in, and what the role sees. */
  public record Line(String email, Role role, String name, String team) {}

  private DemoUsers() {}

  /** Creates the demo users that do not exist yet and returns all of them. */
  public static List<Line> ensure(Workspace workspace) {
    Users users = new Users(workspace);
    List<Line> out = new ArrayList<>();
    out.add(ensure(users, "admin@kompass.demo", "Demo Admin", Role.ADMIN, null));
    out.add(ensure(users, "manager@kompass.demo", "Demo Manager", Role.MANAGER, null));
    String[] rep = busiestRep(workspace);
    if (rep != null) {
      String email = rep[2] == null || rep[2].isBlank() ? "rep@kompass.demo" : rep[2];
      out.add(ensure(users, email, rep[1], Role.REP, rep[0]));
    }
    out.add(ensure(users, "viewer@kompass.demo", "Demo Viewer", Role.VIEWER, null));
    return out;
  }

  private static Line ensure(Users users, String email, String name, Role role, String repId) {
    SignedIn user = users.find(email).orElseGet(() -> users.add(email, name, role, PASSWORD, repId));
    return new Line(user.email(), user.role(), user.repName() != null ? user.repName() : user.name(), user.repTeam());
  }

  /** id, name and e-mail of the active rep with the most deals (a rep user with numbers to show). */
  private static String[] busiestRep(Workspace workspace) {
    try (Connection c = workspace.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT r.id, r.name, r.email FROM reps r JOIN (SELECT owner_id, count(*) AS n FROM deals GROUP BY owner_id) d"
            + " ON d.owner_id = r.id WHERE r.ended_at IS NULL ORDER BY d.n DESC, r.id LIMIT 1")) {
      return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
    } catch (SQLException e) {
      throw new WorkspaceException("cannot choose the demo rep: " + e.getMessage(), e);
    }
  }
}

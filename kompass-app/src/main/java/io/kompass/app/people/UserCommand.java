package io.kompass.app.people;

import io.kompass.app.Kompass;
import io.kompass.engine.workspace.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kompass user add|list|role|password|remove}: the people who sign in to the web UI and API. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Add, list, change and remove the users who sign in to the web UI and the API.",
    descriptionHeading = "%n",
    description = {
      "Roles: admin (everything), manager (all teams and reps, imports), rep (own numbers and team-level numbers; link"
          + " the user to their rep with --rep), viewer (team-level numbers, read only). Run it while the server is stopped:"
          + " the server holds the workspace."
    },
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.ChangeRole.class, UserCommand.Password.class,
        UserCommand.Remove.class})
public class UserCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: add, list, role, password or remove.");
  }

  /** The role named, or null after saying which roles there are (a usage error). */
  static Role parseRole(Kompass kompass, String text) {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      kompass.err().println("kompass: " + e.getMessage());
      return null;
    }
  }

  /** The user with this sign-in name; says how to find the names when there is none. */
  static SignedIn existing(Users users, String email) {
    return users.find(email).orElseThrow(() -> new IllegalArgumentException("there is no user " + email + "; 'kompass user list' shows them"));
  }

  /** Runs a change on the workspace; a refusal ({@code IllegalArgumentException}) is printed and exits 1. */
  static int inWorkspace(Kompass kompass, java.util.function.Consumer<Workspace> change) {
    try (Workspace ws = kompass.openExisting()) {
      change.accept(ws);
    } catch (IllegalArgumentException e) {
      kompass.err().println("kompass: " + e.getMessage());
      kompass.err().flush();
      return Kompass.FAILED;
    }
    kompass.out().flush();
    return Kompass.OK;
  }

  static String readPassword(boolean fromStdin) {
    if (!fromStdin) {
      return Passwords.generate();
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line.strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage(), e);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
      header = "Add a user; prints a generated password unless --password-stdin is given.")
  static class Add implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Parameters(paramLabel = "<email>", description = "The sign-in name, usually an e-mail address.")
    String email;

    @Option(names = "--role", required = true, paramLabel = "<role>", description = "admin, manager, rep or viewer.")
    String role;

    @Option(names = "--name", paramLabel = "<name>", description = "The name shown in the web UI. Default: the sign-in name.")
    String name;

    @Option(names = "--rep", paramLabel = "<rep-id>",
        description = "The rep this user is (id in reps.csv): required for role rep, optional for admin and manager (My numbers opens at"
            + " their own), not for viewer.")
    String rep;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      PrintWriter out = kompass.out();
      Role r = parseRole(kompass, role);
      if (r == null) {
        return Kompass.USAGE;
      }
      if (r == Role.REP && (rep == null || rep.isBlank())) {
        kompass.err().println("kompass: a rep user needs --rep <rep-id>: the rep whose numbers they see (an id in reps.csv)");
        kompass.err().flush();
        return Kompass.USAGE;
      }
      String password = readPassword(passwordStdin);
      return inWorkspace(kompass, ws -> {
        Users users = new Users(ws);
        SignedIn user = users.add(email, name, r, password, rep);
        out.println("Added " + user.role().id() + " " + user.email() + (user.repName() == null ? "" : " (rep " + user.repName() + ")") + ".");
        if (!passwordStdin) {
          out.println("Password: " + password);
          out.println("Give it to them safely; they can change it under Account after signing in.");
        }
        if (users.all().stream().noneMatch(u -> u.role() == Role.ADMIN)) {
          // The server makes an admin only for a workspace without users: nobody could import, or see the quarantine.
          out.println("The workspace has no admin yet; add one with: kompass user add <e-mail> --role admin" + kompass.workspaceHint());
        }
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, header = "List the users.")
  static class ListUsers implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      try (Workspace ws = kompass.openExisting()) {
        var all = new Users(ws).all();
        if (all.isEmpty()) {
          kompass.out().println("No users yet. Add one with: kompass user add <email> --role admin");
        }
        for (SignedIn u : all) {
          kompass.out().println(String.format(Locale.ROOT, "%-36s %-8s %s", u.email(), u.role().id(),
              u.name() + (u.repName() == null ? "" : " (rep " + u.repId() + ", " + u.repName() + ")")).stripTrailing());
        }
      }
      kompass.out().flush();
      return Kompass.OK;
    }
  }

  @Command(name = "role", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
      header = "Give a user another role (a manager who moves on to sales, a rep who becomes a manager); the last admin stays admin.")
  static class ChangeRole implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Parameters(paramLabel = "<email>")
    String email;

    @Option(names = "--role", required = true, paramLabel = "<role>", description = "admin, manager, rep or viewer.")
    String role;

    @Option(names = "--rep", paramLabel = "<rep-id>",
        description = "The rep this user is (id in reps.csv); for role rep unless they are linked already. Empty (--rep '') unlinks an"
            + " admin or manager; a viewer is never linked.")
    String rep;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      Role r = parseRole(kompass, role);
      if (r == null) {
        return Kompass.USAGE;
      }
      return inWorkspace(kompass, ws -> {
        Users users = new Users(ws);
        SignedIn before = existing(users, email);
        SignedIn after = users.changeRole(before.id(), r, rep);
        kompass.out().println(after.email() + ": " + before.role().id() + " " + kompass.arrow() + " " + after.role().id()
            + (after.repName() == null ? "" : " (rep " + after.repName() + ")") + ". Their signed-in sessions end (they sign in again with"
            + " the new role); their API tokens have the new role.");
      });
    }
  }

  @Command(name = "password", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
      header = "Set a new password for a user and revoke their API tokens; prints a generated password unless --password-stdin is given.")
  static class Password implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Parameters(paramLabel = "<email>")
    String email;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      String password = readPassword(passwordStdin);
      return inWorkspace(kompass, ws -> {
        Users users = new Users(ws);
        SignedIn user = existing(users, email);
        users.changePassword(user.id(), password);
        // A reset is for a password that got out; tokens made with it may have too.
        int revoked = new ApiTokens(ws).revokeAll(user.id());
        kompass.out().println("New password for " + user.email() + (passwordStdin ? " set." : ": " + password));
        if (revoked > 0) {
          kompass.out().println("Revoked " + revoked + (revoked == 1 ? " API token" : " API tokens") + " of " + user.email() + ".");
        }
      });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
      header = "Remove a user and their API tokens (someone who left). The last admin cannot be removed.")
  static class Remove implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Parameters(paramLabel = "<email>")
    String email;

    @Override
    public Integer call() {
      Kompass kompass = parent.kompass;
      return inWorkspace(kompass, ws -> {
        Users users = new Users(ws);
        SignedIn user = existing(users, email);
        int tokens = new ApiTokens(ws).of(user.id()).size();
        users.remove(user.id());
        kompass.out().println("Removed " + user.email() + " (" + user.role().id() + ")"
            + (tokens == 0 ? "." : " and " + tokens + (tokens == 1 ? " API token." : " API tokens.")));
      });
    }
  }
}

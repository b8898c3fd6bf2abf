package io.kompass.app.people;

import io.kompass.app.dashboard.Choices;
import io.kompass.app.numbers.Numbers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Users page (admins only, see {@link SecurityConfiguration}): who may sign in, with which role, and as which rep.
 * An admin adds a user, changes a role, sets a new password or removes a user, as {@code kompass user} does. A new
 * password is generated and shown once, to be handed over; the user changes it on their Account page. An admin cannot
 * take their own admin role or remove themselves here (another admin can), so that nobody locks themselves out by a
 * slip of the mouse.
 */
@Controller
class UsersController {

  /** A change done, for the page's notice: its message key and the user it was done to. */
  record Done(String key, String email, String value) implements Serializable {}

  private final Users users;
  private final ApiTokens tokens;
  private final Numbers numbers;

  UsersController(Users users, ApiTokens tokens, Numbers numbers) {
    this.users = users;
    this.tokens = tokens;
    this.numbers = numbers;
  }

  @GetMapping("/users")
  String page(Model model) {
    List<SignedIn> all = users.all().stream().map(SignedIn::withoutPassword).toList();
    model.addAttribute("users", all);
    // Who has scripts signing in as them: a role change gives those the new role too.
    model.addAttribute("tokenCounts", all.stream().collect(Collectors.toMap(SignedIn::id, u -> tokens.of(u.id()).size())));
    // Who still uses Kompass (a user who never signed in may need their password again).
    model.addAttribute("lastSignIns", users.lastSignIns());
    model.addAttribute("roles", Role.values());
    model.addAttribute("reps", Choices.reps(numbers));
    model.addAttribute("minPassword", Passwords.MIN_LENGTH);
    return "people/users";
  }

  @PostMapping("/users")
  String add(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name, @RequestParam String role,
      @RequestParam(defaultValue = "") String rep, RedirectAttributes flash) {
    return change(flash, () -> {
      String password = Passwords.generate();
      SignedIn added = users.add(email, name, role(role), password, rep);
      flash.addFlashAttribute("password", new Done("users.password.added", added.email(), password));
    });
  }

  @PostMapping("/users/{id}/role")
  String role(@AuthenticationPrincipal SignedIn me, @PathVariable long id, @RequestParam String role,
      @RequestParam(defaultValue = "") String rep, RedirectAttributes flash, HttpServletRequest request, HttpServletResponse response) {
    return change(flash, () -> {
      Role to = role(role);
      if (id == me.id() && to != Role.ADMIN) {
        throw new Users.Refused(Users.Refusal.SELF, me.email(), "an admin cannot take their own admin role");
      }
      SignedIn before = users.existing(id);
      // The field as sent: empty unlinks the rep (a rep user cannot be without one). A rep user made a viewer keeps
      // the field as the page filled it in; that rep goes with the old role.
      String field = to == Role.VIEWER && rep.trim().equals(before.repId()) ? "" : rep.trim();
      SignedIn changed = users.changeRole(id, to, field);
      boolean same = changed.role() == before.role() && Objects.equals(changed.repId(), before.repId());
      if (id == me.id()) {
        // The admin's own rep changed: their session goes on with it (another user's ends, see SessionUserFilter).
        SecurityConfiguration.keepSignedIn(changed, request, response);
      }
      String key = same ? "users.done.unchanged" : id == me.id() ? "users.done.self" : "users.done.role";
      flash.addFlashAttribute("done", new Done(key, changed.email(), changed.role().id()));
    });
  }

  @PostMapping("/users/{id}/password")
  String password(@AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes flash, HttpServletRequest request,
      HttpServletResponse response) {
    return change(flash, () -> {
      SignedIn user = users.existing(id);
      String password = Passwords.generate();
      users.changePassword(id, password);
      // As kompass user password: a reset is for a password that got out, and tokens made with it may have too.
      int revoked = tokens.revokeAll(id);
      if (id == me.id()) {
        SecurityConfiguration.keepSignedIn(users.existing(id), request, response);
      }
      flash.addFlashAttribute("password", new Done("users.password.reset", user.email(), password));
      flash.addFlashAttribute("revoked", revoked);
    });
  }

  @PostMapping("/users/{id}/remove")
  String remove(@AuthenticationPrincipal SignedIn me, @PathVariable long id, RedirectAttributes flash) {
    return change(flash, () -> {
      if (id == me.id()) {
        throw new Users.Refused(Users.Refusal.SELF, me.email(), "an admin cannot remove themselves");
      }
      SignedIn user = users.existing(id);
      users.remove(id);
      flash.addFlashAttribute("done", new Done("users.done.removed", user.email(), user.role().id()));
    });
  }

  /** A role from the form; anything else is refused as the page's other refusals are. */
  private static Role role(String text) {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Users.Refused(Users.Refusal.BAD_ROLE, text, e.getMessage());
    }
  }

  /** Makes a change and goes back to the page; a refusal is shown there, and nothing was changed. */
  private static String change(RedirectAttributes flash, Runnable work) {
    try {
      work.run();
    } catch (Users.Refused e) {
      flash.addFlashAttribute("refused", new Done(e.key(), e.value(), ""));
    }
    return "redirect:/users";
  }
}

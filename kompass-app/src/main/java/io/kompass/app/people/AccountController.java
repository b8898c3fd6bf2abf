package io.kompass.app.people;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's account: who they are, their password and their API tokens. */
@Controller
class AccountController {

  private final Users users;
  private final ApiTokens tokens;
  private final PasswordEncoder encoder;

  AccountController(Users users, ApiTokens tokens, PasswordEncoder encoder) {
    this.users = users;
    this.tokens = tokens;
    this.encoder = encoder;
  }

  @GetMapping("/account")
  String account(@AuthenticationPrincipal SignedIn me, Model model) {
    model.addAttribute("tokens", tokens.of(me.id()));
    return "people/account";
  }

  @PostMapping("/account/password")
  String password(@AuthenticationPrincipal SignedIn me, @RequestParam String current, @RequestParam String password,
      RedirectAttributes flash, jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
    SignedIn stored = users.find(me.email()).orElseThrow();
    if (!encoder.matches(current, stored.passwordHash())) {
      flash.addFlashAttribute("passwordError", "account.password.wrong");
    } else if (password.length() < Passwords.MIN_LENGTH) {
      flash.addFlashAttribute("passwordError", "account.password.short");
    } else {
      users.changePassword(me.id(), password);
      // Other sessions signed in with the old password end at their next request; this one goes on with the new one.
      SecurityConfiguration.keepSignedIn(users.find(me.id()).orElseThrow(), request, response);
      flash.addFlashAttribute("passwordChanged", true);
    }
    return "redirect:/account";
  }

  @PostMapping("/account/tokens")
  String create(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String name, RedirectAttributes flash) {
    // The form limits the name as the API does; a name sent around the form is cut to that length.
    String n = name.strip().isEmpty() ? "token" : name.strip();
    flash.addFlashAttribute("newToken", tokens.create(me.id(), n.length() > ApiTokens.MAX_NAME ? n.substring(0, ApiTokens.MAX_NAME) : n));
    return "redirect:/account";
  }

  @PostMapping("/account/tokens/{id}/revoke")
  String revoke(@AuthenticationPrincipal SignedIn me, @PathVariable long id) {
    tokens.revoke(me.id(), id);
    return "redirect:/account";
  }
}

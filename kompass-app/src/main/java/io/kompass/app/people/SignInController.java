package io.kompass.app.people;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the form's POST to /login and /logout. */
@Controller
class SignInController {

  @GetMapping("/login")
  String signIn(@AuthenticationPrincipal SignedIn me) {
    return me == null ? "people/login" : "redirect:/";
  }
}

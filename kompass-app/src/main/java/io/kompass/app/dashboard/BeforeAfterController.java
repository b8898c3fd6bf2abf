package io.kompass.app.dashboard;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The before/after page. */
@Controller
class BeforeAfterController {

  private final Numbers numbers;

  BeforeAfterController(Numbers numbers) {
    this.numbers = numbers;
  }

  @GetMapping("/compare")
  String compare(@AuthenticationPrincipal SignedIn me, @RequestParam(required = false) String kpis, HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response, Model model) {
    BeforeAfter page = BeforeAfter.of(numbers, me, request, Pages.today(numbers), Focus.ids(numbers, kpis));
    if (page.problem() != null) {
      // The form again, with the periods as given and why they cannot be compared.
      response.setStatus(400);
    }
    model.addAttribute("page", page);
    model.addAttribute("filters", page.filters());
    model.addAttribute("choices", Choices.of(numbers));
    return "dashboard/compare";
  }
}

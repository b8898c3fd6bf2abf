package io.kompass.app.people;

import io.kompass.engine.workspace.Workspace;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may open what. Pages need a signed-in user (form sign-in, session cookie that expires after
 * {@code server.servlet.session.timeout} idle); {@code /api/**} also takes an API token as
 * {@code Authorization: Bearer kp_...} and answers 401 instead of redirecting to the sign-in
 * page. Forms carry a CSRF token; requests with a bearer token need none (a browser never adds
 * that header by itself). Which numbers a user sees is decided in {@code numbers.QueryPolicy}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

  static final String BEARER = "Bearer ";

  @Bean
  Users users(Workspace workspace) {
    return new Users(workspace);
  }

  @Bean
  ApiTokens apiTokens(Workspace workspace) {
    return new ApiTokens(workspace);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return Passwords.encoder();
  }


  /**
   * Checks a signed-in user's password, unless the name had too many wrong passwords in a row from the same address
   * (see {@link SignInThrottle}): checked inside authentication, so that no way of addressing the sign-in form gets
   * around it.
   */
  @Bean
  org.springframework.security.authentication.AuthenticationProvider signIn(Users users, PasswordEncoder encoder, SignInThrottle throttle) {
    UserDetailsService byEmail = email -> users.find(email).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    var passwords = new org.springframework.security.authentication.dao.DaoAuthenticationProvider(byEmail);
    passwords.setPasswordEncoder(encoder);
    return new org.springframework.security.authentication.AuthenticationProvider() {
      @Override
      public org.springframework.security.core.Authentication authenticate(org.springframework.security.core.Authentication a) {
        String from = a.getDetails() instanceof org.springframework.security.web.authentication.WebAuthenticationDetails w ? w.getRemoteAddress() : null;
        if (throttle.refusedUntil(a.getName(), from) != null) {
          throw new org.springframework.security.authentication.LockedException("too many wrong passwords for this name: wait a while");
        }
        return passwords.authenticate(a);
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
      }
    };
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, Users users, SignInThrottle throttle,
      @Value("${kompass.session-recheck:10s}") String recheck) throws Exception {
    var signedIn = new org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler();
    signedIn.setDefaultTargetUrl("/");
    // Too many wrong passwords: the sign-in page says to wait.
    var failed = new org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler();
    failed.setDefaultFailureUrl("/login?error");
    failed.setExceptionMappings(java.util.Map.of(org.springframework.security.authentication.LockedException.class.getName(), "/login?wait"));
    http
        .authorizeHttpRequests(a -> a
            // An async dispatch continues a request that was already authorised (the live-update stream);
            // checking it again, without the request's token, logged "Access Denied" whenever a stream ended.
            .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
            .requestMatchers("/login", "/css/**", "/js/**", "/favicon.svg", "/webjars/**", "/error",
                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
            .requestMatchers(HttpMethod.POST, "/api/v1/imports", "/data/imports", "/focus", "/fiscal-year").hasAnyRole("ADMIN", "MANAGER")
            .requestMatchers("/api/v1/quality").hasAnyRole("ADMIN", "MANAGER")
            .requestMatchers("/users", "/users/**", "/api/v1/users").hasRole("ADMIN")
            .anyRequest().authenticated())
        .formLogin(f -> f.loginPage("/login").permitAll()
            .successHandler((request, response, auth) -> {
              throttle.succeeded(auth.getName(), request.getRemoteAddr());
              try {
                users.signedIn(auth.getName());
              } catch (RuntimeException e) {
                // Noting when is a convenience for the Users page: the sign-in itself stands.
                LOG.warn("could not note the sign-in of {}: {}", auth.getName(), e.getMessage());
              }
              signedIn.onAuthenticationSuccess(request, response, auth);
            })
            .failureHandler((request, response, ex) -> {
              if (ex instanceof org.springframework.security.authentication.BadCredentialsException) {
                throttle.failed(request.getParameter("username"), request.getRemoteAddr());
              }
              failed.onAuthenticationFailure(request, response, ex);
            }))
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").permitAll())
        .csrf(c -> c.ignoringRequestMatchers(SecurityConfiguration::hasBearerToken))
        .addFilterBefore(new TokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
        // A bare number counts seconds, as for the session timeout.
        .addFilterAfter(new SessionUserFilter(users, DurationStyle.detectAndParse(recheck, ChronoUnit.SECONDS)), TokenFilter.class)
        .exceptionHandling(e -> e
            // The API answers as it documents, {"error": ...}, also when it refuses.
            .defaultAuthenticationEntryPointFor(
                (request, response, ex) -> error(response, HttpStatus.UNAUTHORIZED, "sign in, or send an API token as Authorization: Bearer <token>"),
                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
            .defaultAccessDeniedHandlerFor(
                (request, response, ex) -> error(response, HttpStatus.FORBIDDEN, ex.getMessage() == null || ex.getMessage().equals("Access Denied")
                    ? "your role may not do this" : ex.getMessage()),
                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
            // Pages get the error page; with one handler only, Spring would use the API's for every request.
            .defaultAccessDeniedHandlerFor((request, response, ex) -> {
              // A form whose CSRF token is missing or stale (open too long, sent from elsewhere) is not a question of
              // access: the error page says so (request attribute csrfRefused).
              request.setAttribute("csrfRefused", ex instanceof CsrfException);
              new org.springframework.security.web.access.AccessDeniedHandlerImpl().handle(request, response, ex);
            }, AnyRequestMatcher.INSTANCE)
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE));
    return http.build();
  }

  /**
   * Keeps a signed-in session going after the user changed themselves (their password on the Account page, their rep
   * on the Users page): the session holds the user as they are now, so {@link SessionUserFilter} does not end it.
   */
  static void keepSignedIn(SignedIn now, HttpServletRequest request, HttpServletResponse response) {
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities()));
    SecurityContextHolder.setContext(context);
    new HttpSessionSecurityContextRepository().saveContext(context, request, response);
  }

  /** An API refusal as the API documents its errors: {@code {"error": "..."}}. */
  static void error(HttpServletResponse response, HttpStatus status, String message) throws IOException {
    response.setStatus(status.value());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(io.kompass.app.Kompass.JSON.writeValueAsString(java.util.Map.of("error", message)));
  }

  /**
   * Whether a request carries an API token that signs it in: any request to the API, and pages only to read them
   * (GET, HEAD). A form posted with a token (the Account page's, which makes tokens) neither signs in nor skips the
   * CSRF check, so a token cannot make tokens there either.
   */
  public static boolean hasBearerToken(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/") || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
  }

  /** The API token a request signs in with ({@code Authorization: Bearer <token>}, see above), or null. */
  public static String bearerToken(HttpServletRequest request) {
    return hasBearerToken(request) ? request.getHeader("Authorization").substring(BEARER.length()).trim() : null;
  }

  /**
   * Ends a signed-in session whose user was removed or changed (role, rep, password) since signing in, at the session's
   * next request: on a PostgreSQL workspace, users change while the server runs, and a password is reset because it got
   * out. Each user, as a session holds them, is looked up at most every {@code kompass.session-recheck} (ten seconds by
   * default). (A user's own change on the Account page keeps the session
   * it was made in; API tokens are credentials of their own and stay until revoked.)
   */
  static final class SessionUserFilter extends OncePerRequestFilter {
    /** How long a user found unchanged is not looked up again (ten seconds; property {@code kompass.session-recheck}). */
    static final Duration RECHECK = Duration.ofSeconds(10);
    private final long recheckNanos;
    private final java.util.function.LongSupplier clock;
    private final Users users;
    /**
     * When each user, as a session holds them (sign-in name, role, rep and password of then), was last found unchanged:
     * a session signed in after a change does not spare one from before it its check.
     */
    private final java.util.concurrent.ConcurrentHashMap<java.util.List<Object>, Long> checked = new java.util.concurrent.ConcurrentHashMap<>();

    SessionUserFilter(Users users) {
      this(users, RECHECK);
    }

    SessionUserFilter(Users users, Duration recheck) {
      this(users, recheck, System::nanoTime);
    }

    /** With the clock (in nanoseconds) that tells when a check is due. */
    SessionUserFilter(Users users, Duration recheck, java.util.function.LongSupplier clock) {
      this.users = users;
      this.recheckNanos = recheck.toNanos();
      this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      var auth = SecurityContextHolder.getContext().getAuthentication();
      if (auth != null && auth.getPrincipal() instanceof SignedIn me && !hasBearerToken(request)) {
        java.util.List<Object> key = java.util.Arrays.asList(me.id(), me.email(), me.role(), me.repId(), me.passwordHash());
        Long at = checked.get(key);
        long now = clock.getAsLong();
        if (at == null || now - at > recheckNanos) {
          Optional<SignedIn> current = users.find(me.id());
          boolean same = current.isPresent() && current.get().email().equals(me.email()) && current.get().role() == me.role()
              && java.util.Objects.equals(current.get().repId(), me.repId())
              && java.util.Objects.equals(current.get().passwordHash(), me.passwordHash());
          if (!same) {
            checked.remove(key);
            SecurityContextHolder.clearContext();
            var session = request.getSession(false);
            if (session != null) {
              session.invalidate();
            }
          } else {
            checked.put(key, now);
          }
        }
      }
      chain.doFilter(request, response);
    }
  }

  /** Signs in the user of a valid API token for this one request (no session); answers 401 to an invalid one. */
  static final class TokenFilter extends OncePerRequestFilter {
    private final ApiTokens tokens;

    TokenFilter(ApiTokens tokens) {
      this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (hasBearerToken(request)) {
        Optional<SignedIn> user = tokens.authenticate(bearerToken(request));
        if (user.isEmpty()) {
          response.setHeader("WWW-Authenticate", "Bearer");
          error(response, HttpStatus.UNAUTHORIZED, "unknown or revoked API token");
          return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null, user.get().getAuthorities()));
        SecurityContextHolder.setContext(context);
      }
      chain.doFilter(request, response);
    }
  }
}

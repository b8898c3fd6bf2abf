package io.kompass.app.people;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A user as the web application knows them after sign-in (by password or API token).
 *
 * @param email the sign-in name (an e-mail address, or a plain name such as {@code admin})
 * @param repId the rep this user is, for role rep; else usually null
 * @param repName that rep's name, the value of the {@code rep} dimension
 * @param repTeam that rep's team name, the value of the {@code team} dimension
 * @param passwordHash the stored hash; null when signed in with a token
 */
public record SignedIn(long id, String email, String name, Role role, String repId, String repName, String repTeam, String passwordHash)
    implements UserDetails, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Admins and managers see every rep's numbers; reps and viewers do not. */
  public boolean seesEveryRep() {
    return role == Role.ADMIN || role == Role.MANAGER;
  }

  /** A rep user linked to a rep row, who has numbers of their own. */
  public boolean isRep() {
    return role == Role.REP && repName != null;
  }

  /** Admins and managers may import data and see quarantined rows. */
  public boolean maintainsData() {
    return seesEveryRep();
  }

  public SignedIn withoutPassword() {
    return new SignedIn(id, email, name, role, repId, repName, repTeam, null);
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority(role.authority()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }
}

package io.kompass.app.people;

import java.security.SecureRandom;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing (Spring Security's delegating encoder: bcrypt, stored as {bcrypt}...) and generated passwords. */
public final class Passwords {

  /** Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I). */
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

  /** The shortest password Kompass accepts. */
  public static final int MIN_LENGTH = 8;

  private Passwords() {}

  public static PasswordEncoder encoder() {
    return ENCODER;
  }

  public static String hash(String password) {
    return ENCODER.encode(password);
  }

  /** A random password of 16 characters (about 92 bits). */
  public static String generate() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}

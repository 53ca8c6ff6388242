package dev.hush.people;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): memory-hard enough to
 * make guessing expensive, small enough that a few concurrent sign-ins fit a small heap.
 */
final class PasswordHashing {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

  private PasswordHashing() {}

  static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  static boolean matches(String password, String hash) {
    return hash != null && Password.check(password, hash).with(ARGON2);
  }
}

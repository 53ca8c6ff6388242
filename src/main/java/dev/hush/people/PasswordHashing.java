package dev.hush.people;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.hush.core.Secrets;

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

  /**
   * {@code hash} null (nobody has this e-mail): a dummy is checked, so an unknown e-mail costs as
   * much as a known one and the response time does not tell which exist.
   */
  static boolean matches(String password, String hash) {
    if (hash == null) {
      Password.check(password, Dummy.HASH).with(ARGON2);
      return false;
    }
    return Password.check(password, hash).with(ARGON2);
  }

  /** Made on first use: a hash of a random password nobody knows. */
  private static final class Dummy {
    static final String HASH = hash(Secrets.generate("", 32));
  }
}

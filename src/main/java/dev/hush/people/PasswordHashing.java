package dev.hush.people;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id (RFC 9106's second recommended profile: 64 MiB, 3 passes) for user passwords. */
final class PasswordHashing {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(65536, 3, 1, 32, Argon2.ID);

  private PasswordHashing() {}

  static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  static boolean matches(String password, String hash) {
    return hash != null && Password.check(password, hash).with(ARGON2);
  }
}

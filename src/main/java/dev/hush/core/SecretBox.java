package dev.hush.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest: AES-256-GCM under one key, as text a column holds. A sealed value is
 * {@code "hs1:" + base64(12-byte random nonce ‖ ciphertext ‖ 16-byte tag)}. The prefix names the
 * format, so a value without it is recognised as plaintext written before secrets were sealed:
 * {@link #decrypt} hands such a value back as it is, and the start-up pass seals it.
 *
 * <p>The key is HUSH_SECRET_KEY or the key file (see {@link KeyFile}); {@code HushConfig.secrets()}
 * holds the one box every feature uses.
 */
public final class SecretBox {
  /** What every sealed value starts with; a later format would be "hs2:". */
  public static final String PREFIX = "hs1:";
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the secret key must be " + KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public static SecretBox of(byte[] key) {
    return new SecretBox(key);
  }

  /** A box for a key given as base64 (HUSH_SECRET_KEY, the key file). */
  public static SecretBox fromBase64(String key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret key must be base64 of " + KEY_BYTES + " random bytes (openssl rand -base64 32)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("the secret key must be base64 of " + KEY_BYTES + " random bytes, not " + bytes.length
          + " (openssl rand -base64 32)");
    }
    return new SecretBox(bytes);
  }

  /** A new random key, as base64. */
  public static String newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Whether a stored value is sealed (else it is plaintext from before). */
  public static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /** The sealed form of {@code plaintext}; null stays null. Each call draws a new nonce. */
  public String encrypt(String plaintext) {
    if (plaintext == null) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The plaintext of a stored value: a sealed one is opened (and must have been sealed with this
   * key, else {@link IllegalStateException}); one without the prefix is plaintext from before and
   * comes back as it is. Null stays null.
   */
  public String decrypt(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      if (all.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new IllegalStateException("a stored secret is cut short");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored secret cannot be opened with this secret key (another key, or altered)", e);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[AES-256-GCM, key not shown]";
  }
}

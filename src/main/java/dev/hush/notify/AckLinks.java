package dev.hush.notify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-click acknowledge links: incident, person and expiry, signed with HMAC-SHA256 under a key
 * every node shares. A link works for that one person on that one incident until it expires.
 */
public final class AckLinks {
  private final byte[] key;

  public AckLinks(byte[] key) {
    this.key = key.clone();
  }

  /** What a valid link stands for. */
  public record Grant(long incidentId, long userId, long expiresAt) {}

  public String create(long incidentId, long userId, long expiresAt) {
    ByteBuffer payload = ByteBuffer.allocate(24).putLong(incidentId).putLong(userId).putLong(expiresAt);
    byte[] mac = mac(payload.array());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array()) + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** The grant, when the token is intact and not expired at {@code now}. */
  public Optional<Grant> verify(String token, long now) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] mac;
    try {
      payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
      mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (payload.length != 24 || !MessageDigest.isEqual(mac, mac(payload))) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    Grant g = new Grant(b.getLong(), b.getLong(), b.getLong());
    return g.expiresAt() > now ? Optional.of(g) : Optional.empty();
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update("hush-ack-v1".getBytes(StandardCharsets.UTF_8));
      return m.doFinal(payload);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.hush.notify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-click acknowledge links: incident, episode, person and expiry, signed with HMAC-SHA256 under
 * a key every node shares. A link works for that one person on that one episode of that incident
 * (a reopen starts the next episode) until it expires.
 */
public final class AckLinks {
  private final byte[] key;

  public AckLinks(byte[] key) {
    this.key = key.clone();
  }

  /** What a valid link stands for. */
  public record Grant(long incidentId, int episode, long userId, long expiresAt) {}

  private static final int PAYLOAD = 28;

  public String create(long incidentId, int episode, long userId, long expiresAt) {
    ByteBuffer payload = ByteBuffer.allocate(PAYLOAD).putLong(incidentId).putInt(episode).putLong(userId).putLong(expiresAt);
    byte[] mac = mac(payload.array());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array()) + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** The grant, when the token is intact and not expired at {@code now}. */
  public Optional<Grant> verify(String token, long now) {
    return open(token).filter(g -> g.expiresAt() > now);
  }

  /** The grant of an intact token, expired or not (a link older than episodes did not carry one, and is not intact). */
  public Optional<Grant> open(String token) {
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
    if (payload.length != PAYLOAD || !MessageDigest.isEqual(mac, mac(payload))) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    return Optional.of(new Grant(b.getLong(), b.getInt(), b.getLong(), b.getLong()));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update("hush-ack-v2".getBytes(StandardCharsets.UTF_8));
      return m.doFinal(payload);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

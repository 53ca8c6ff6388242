package dev.hush.notify;

import java.io.IOException;

/**
 * A provider answered, and said no. A 4xx other than 408, 425 and 429 means the request itself is
 * wrong (a deleted webhook, a revoked token, a bad number): retrying cannot help, so it is
 * {@link #permanent()}; the rest (5xx, throttling) are worth retrying.
 */
final class DeliveryRefused extends IOException {
  private final int status;

  DeliveryRefused(int status, String message) {
    super(message);
    this.status = status;
  }

  boolean permanent() {
    return status / 100 == 4 && status != 408 && status != 425 && status != 429;
  }
}

package dev.hush.notify;

import java.io.IOException;

/**
 * A provider answered, and said no. A 4xx other than 408, 425 and 429 means the request itself is
 * wrong (a deleted webhook, a revoked token, a bad number): retrying cannot help, so it is
 * {@link #permanent()}; the rest (5xx, throttling) are worth retrying.
 *
 * <p>The message is the status, a short reason of Hush's own and the host: never the peer's reply
 * (nor its reason phrase), which ends up in the outbox, the timeline and a test's answer, and could
 * otherwise carry whatever an internal service says back to whoever set the URL.
 */
final class DeliveryRefused extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  DeliveryRefused(int status, String host) {
    super("HTTP " + status + " (" + reason(status) + ") from " + host);
    this.status = status;
  }

  boolean permanent() {
    return status / 100 == 4 && status != 408 && status != 425 && status != 429;
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 408 -> "request timeout";
      case 410 -> "gone";
      case 413 -> "payload too large";
      case 415 -> "unsupported media type";
      case 422 -> "unprocessable";
      case 429 -> "too many requests";
      case 500 -> "internal server error";
      case 502 -> "bad gateway";
      case 503 -> "service unavailable";
      case 504 -> "gateway timeout";
      default -> switch (status / 100) {
        case 1 -> "informational";
        case 3 -> "redirect, not followed";
        case 4 -> "client error";
        case 5 -> "server error";
        default -> "unexpected status";
      };
    };
  }
}

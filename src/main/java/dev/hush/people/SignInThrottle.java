package dev.hush.people;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hush.core.ClientAddresses;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket per e-mail address and one per client address, each allowing {@link
 * SignInLimits} attempts a minute. An attempt takes a token from both before its password is
 * checked, so a burst is refused before any hashing; a right password gives both back, so only
 * wrong ones count. The e-mail is the key whether or not anyone has it, so an unknown address is
 * throttled exactly like a known one. Per node; buckets live in bounded caches, and one left alone
 * for a minute is full again, so forgetting it then loses nothing.
 */
final class SignInThrottle {
  private static final int MAX_KEY = 254;

  private final Buckets accounts;
  private final Buckets addresses;

  /** One admitted attempt, to give back unless its password was wrong. */
  record Attempt(String account, String address) {}

  SignInThrottle(SignInLimits limits, Clock clock) {
    this.accounts = new Buckets(limits.accountAttempts(), limits.trackedKeys(), clock);
    this.addresses = new Buckets(limits.addressAttempts(), limits.trackedKeys(), clock);
  }

  /** Takes a token for the account and one for the address (null: none known); refuses when either is spent. */
  Attempt admit(String account, String address) {
    String accountKey = account.length() > MAX_KEY ? account.substring(0, MAX_KEY) : account;
    String addressKey = address == null ? null : ClientAddresses.bucket(address);
    long wait = accounts.take(accountKey);
    if (wait > 0) {
      throw SignInRefused.tooManyAttempts(wait);
    }
    wait = addressKey == null ? 0 : addresses.take(addressKey);
    if (wait > 0) {
      accounts.giveBack(accountKey);
      throw SignInRefused.tooManyAttempts(wait);
    }
    return new Attempt(accountKey, addressKey);
  }

  /** The attempt was not a wrong password (right, refused as busy, failed): it does not count. */
  void giveBack(Attempt attempt) {
    accounts.giveBack(attempt.account());
    if (attempt.address() != null) {
      addresses.giveBack(attempt.address());
    }
  }

  private static final class Bucket {
    double tokens;
    long lastMillis;

    Bucket(double tokens, long lastMillis) {
      this.tokens = tokens;
      this.lastMillis = lastMillis;
    }
  }

  /** {@code perMinute} tokens a minute, as many at most; 0 = no limit. */
  private static final class Buckets {
    private final int capacity;
    private final double perMilli;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;

    Buckets(int perMinute, int maxKeys, Clock clock) {
      this.capacity = perMinute;
      this.perMilli = perMinute / 60_000.0;
      this.clock = clock;
      this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).build();
    }

    /** 0 when a token was taken, else the whole seconds until one is there. */
    long take(String key) {
      if (capacity <= 0) {
        return 0;
      }
      Bucket b = buckets.get(key, k -> new Bucket(capacity, clock.millis()));
      synchronized (b) {
        refill(b);
        if (b.tokens >= 1) {
          b.tokens -= 1;
          return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli / 1000.0));
      }
    }

    void giveBack(String key) {
      if (capacity <= 0) {
        return;
      }
      Bucket b = buckets.getIfPresent(key);
      if (b != null) {
        synchronized (b) {
          refill(b);
          b.tokens = Math.min(capacity, b.tokens + 1);
        }
      }
    }

    private void refill(Bucket b) {
      long now = clock.millis();
      b.tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.lastMillis) * perMilli);
      b.lastMillis = Math.max(b.lastMillis, now);
    }
  }
}

package dev.hush.people;

import java.time.Duration;
import java.util.Set;

/**
 * How hard anyone may try passwords, in one place. Only wrong passwords use up an allowance (a
 * right one gives its attempt back), and an unknown e-mail counts exactly like a known one.
 *
 * @param accountAttempts wrong passwords per e-mail address: this many in a row, then one more
 *                        each {@code 60 / accountAttempts} seconds (0 = no limit)
 * @param addressAttempts wrong passwords per client address (an IPv6 address counts per /64), in
 *                        the same way (0 = no limit)
 * @param trackedKeys     e-mail addresses, and separately client addresses, remembered at most
 * @param hashThreads     platform threads that check passwords, apart from the request threads
 * @param hashShare       under a flood (checks refused within the last second), the most of its
 *                        time a hashing thread spends hashing: after each check it rests in
 *                        proportion (1 = never rests); otherwise checks run back to back
 * @param hashesInFlight  password checks running or waiting at once; any more are refused at once
 * @param hashWait        the longest a sign-in waits for its check to start before it is refused
 *                        (a check begun is waited for)
 * @param trustedProxies  addresses of reverse proxies whose {@code X-Forwarded-For} is believed;
 *                        empty: the socket's peer address is the client, whatever the headers say
 */
public record SignInLimits(int accountAttempts, int addressAttempts, int trackedKeys, int hashThreads, double hashShare,
    int hashesInFlight, Duration hashWait, Set<String> trustedProxies) {

  /**
   * Five wrong passwords an account a minute, twenty an address. A hashing thread for every two
   * cores, at least one and at most two (each check holds 19 MiB of heap, and two threads check
   * some twenty passwords a second, more than people sign in). Under a flood each hashes a quarter
   * of the time, so on a two-core node the flood gets an eighth of the CPU and ingest barely
   * notices it. Two checks in flight per thread, and none waits more than 400 ms for its turn,
   * so under a flood every sign-in is answered or refused well within a second.
   */
  public static final SignInLimits DEFAULT = new SignInLimits(5, 20, 50_000, hashThreadsFor(Runtime.getRuntime().availableProcessors()),
      0.25, 2 * hashThreadsFor(Runtime.getRuntime().availableProcessors()), Duration.ofMillis(400), Set.of());

  private static int hashThreadsFor(int cores) {
    return Math.clamp(cores / 2, 1, 2);
  }

  public SignInLimits {
    if (accountAttempts < 0 || addressAttempts < 0 || trackedKeys < 1 || hashThreads < 1 || hashesInFlight < 1) {
      throw new IllegalArgumentException("sign-in limits must be positive (attempts may be 0 = no limit)");
    }
    if (!(hashShare > 0 && hashShare <= 1)) {
      throw new IllegalArgumentException("hashShare must be in (0, 1]");
    }
    if (hashWait.isNegative() || hashWait.isZero()) {
      throw new IllegalArgumentException("hashWait must be positive");
    }
    trustedProxies = Set.copyOf(trustedProxies);
  }

  public SignInLimits withTrustedProxies(Set<String> proxies) {
    return new SignInLimits(accountAttempts, addressAttempts, trackedKeys, hashThreads, hashShare, hashesInFlight, hashWait, proxies);
  }

  public SignInLimits withAttempts(int perAccount, int perAddress) {
    return new SignInLimits(perAccount, perAddress, trackedKeys, hashThreads, hashShare, hashesInFlight, hashWait, trustedProxies);
  }
}

package dev.hush.people;

import dev.hush.core.Problem;

/** A sign-in turned away before its password was checked, with the seconds to wait before trying again. */
public final class SignInRefused extends Problem {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  private SignInRefused(int status, String error, String detail, long retryAfterSeconds) {
    super(status, error, null, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Too many wrong passwords for this e-mail address or from this client. */
  static SignInRefused tooManyAttempts(long retryAfterSeconds) {
    return new SignInRefused(429, "rate_limited", "too many sign-in attempts; try again in " + retryAfterSeconds + " s",
        retryAfterSeconds);
  }

  /** Every password check is taken: too many sign-ins at once, from anyone. */
  static SignInRefused busy() {
    return new SignInRefused(503, "busy", "too many sign-ins at once; try again in a second", 1);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Refusing is the cheap path a flood takes thousands of times a second: no stack trace, it says all there is. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}

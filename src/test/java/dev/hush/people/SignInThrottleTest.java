package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignInThrottleTest {
  private static final String WRONG = "not-the-password";

  private static int port(TestHush t) {
    return URI.create(t.baseUrl()).getPort();
  }

  /** A browser's form post from 127.0.0.1. */
  private static LoginPost browser(TestHush t) {
    return LoginPost.from("127.0.0.1", port(t)).header("Accept", "text/html,application/xhtml+xml");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theSixthWrongPasswordForOneAccountWithinAMinuteIsRefusedAndTheRightOneWorksAfterTheWindow(StoreKind store) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T09:00:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      for (int i = 1; i <= 5; i++) {
        assertThat(browser(t).send(TestHush.ADMIN_EMAIL, WRONG).status()).as("wrong attempt %d", i).isEqualTo(401);
      }
      long checks = t.hush().people().passwordChecksRun();
      LoginPost.Answer sixth = browser(t).send(TestHush.ADMIN_EMAIL, WRONG);
      assertThat(sixth.status()).isEqualTo(429);
      assertThat(sixth.header("Retry-After")).as("one more attempt every 12 s").hasValue("12");
      assertThat(sixth.body()).as("the login page, with the error").contains("name=\"_csrf\"").contains("too many sign-in attempts");

      LoginPost.Answer right = browser(t).send(TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD);
      assertThat(right.status()).as("a throttled account is refused before its password is looked at").isEqualTo(429);
      LoginPost.Answer script = LoginPost.from("127.0.0.1", port(t)).header("Accept", "application/json").send(TestHush.ADMIN_EMAIL, WRONG);
      assertThat(script.status()).isEqualTo(429);
      assertThat(script.header("Retry-After")).hasValue("12");
      assertThat(Json.parse(script.body()).path("error").asText()).isEqualTo("rate_limited");
      assertThat(t.hush().people().passwordChecksRun()).as("refused before any hashing").isEqualTo(checks);

      assertThat(browser(t).send("someone-else@test.local", WRONG).status()).as("other accounts are not locked").isEqualTo(401);

      clock.advance(60_000);
      LoginPost.Answer after = browser(t).send(TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD);
      assertThat(after.status()).isEqualTo(302);
      assertThat(after.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("hush_session="));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anUnknownEmailCostsAHashAndIsThrottledExactlyLikeAKnownOne(StoreKind store) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T09:00:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      PeopleService people = t.hush().people();
      for (String email : new String[] {TestHush.ADMIN_EMAIL, "nobody@test.local"}) {
        long before = people.passwordChecksRun();
        for (int i = 1; i <= 5; i++) {
          LoginPost.Answer wrong = browser(t).send(email, WRONG);
          assertThat(wrong.status()).as("%s, attempt %d", email, i).isEqualTo(401);
          assertThat(wrong.body()).contains("wrong email or password");
        }
        assertThat(people.passwordChecksRun() - before).as("%s: one Argon2id check per attempt", email).isEqualTo(5);
        LoginPost.Answer sixth = browser(t).send(email, WRONG);
        assertThat(sixth.status()).as(email).isEqualTo(429);
        assertThat(sixth.header("Retry-After")).as(email).hasValue("12");
      }
      assertThat(browser(t).send(" NOBODY@test.local ", WRONG).status()).as("the e-mail is throttled as typed, trimmed and lower-cased")
          .isEqualTo(429);

      clock.advance(12_000);
      assertThat(browser(t).send("nobody@test.local", WRONG).status()).as("one more after 12 s").isEqualTo(401);
      assertThat(browser(t).send("nobody@test.local", WRONG).status()).isEqualTo(429);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAddressIsTheSocketsPeerAndXForwardedForCountsOnlyFromAConfiguredProxy(StoreKind store) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T09:00:00Z").toEpochMilli());
    SignInLimits limits = SignInLimits.DEFAULT.withAttempts(5, 3).withTrustedProxies(Set.of("127.0.0.4"));
    try (TestHush t = TestHush.startWithSignInLimits(store, clock, limits)) {
      int port = port(t);
      // Three wrong passwords from 127.0.0.2 for three accounts, each claiming another client in X-Forwarded-For.
      for (int i = 1; i <= 3; i++) {
        assertThat(LoginPost.from("127.0.0.2", port).header("X-Forwarded-For", "198.51.100." + i).send("a" + i + "@test.local", WRONG)
            .status()).isEqualTo(401);
      }
      LoginPost.Answer fourth = LoginPost.from("127.0.0.2", port).header("X-Forwarded-For", "198.51.100.4").send("a4@test.local", WRONG);
      assertThat(fourth.status()).as("X-Forwarded-For from a client is not believed").isEqualTo(429);
      assertThat(fourth.header("Retry-After")).as("one more attempt every 20 s").hasValue("20");
      assertThat(LoginPost.from("127.0.0.3", port).send("a5@test.local", WRONG).status()).as("another address has its own allowance")
          .isEqualTo(401);

      // Behind the configured proxy 127.0.0.4, the client is the address the proxy appended.
      for (int i = 1; i <= 3; i++) {
        assertThat(LoginPost.from("127.0.0.4", port).header("X-Forwarded-For", "203.0.113.7").send("b" + i + "@test.local", WRONG)
            .status()).isEqualTo(401);
      }
      assertThat(LoginPost.from("127.0.0.4", port).header("X-Forwarded-For", "203.0.113.7").send("b4@test.local", WRONG).status())
          .isEqualTo(429);
      assertThat(LoginPost.from("127.0.0.4", port).header("X-Forwarded-For", "203.0.113.8").send("b5@test.local", WRONG).status())
          .as("another client behind the same proxy").isEqualTo(401);
      assertThat(LoginPost.from("127.0.0.4", port).header("X-Forwarded-For", "203.0.113.9, 203.0.113.7").send("b6@test.local", WRONG)
          .status()).as("what the client wrote left of the proxy's entry is ignored").isEqualTo(429);
    }
  }
}

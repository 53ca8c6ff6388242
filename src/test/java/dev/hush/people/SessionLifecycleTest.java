package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How sign-ins end: idle and absolute timeouts, password changes and resets, disabled people, the first start. */
class SessionLifecycleTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSessionEndsAfterTwelveQuietHoursButLivesWhileUsed(StoreKind store) {
    ManualClock clock = new ManualClock(1_800_000_000_000L);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      PeopleService people = t.hush().people();
      String busy = people.signIn(TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD).token();
      String quiet = people.signIn(TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD).token();
      for (int i = 0; i < 3; i++) {
        clock.advance(11 * HOUR);
        assertThat(people.principalForSession(busy)).as("used every 11 h").isPresent();
      }
      assertThat(people.principalForSession(quiet)).as("33 h without a request").isEmpty();
      clock.advance(Duration.ofDays(14).toMillis());
      assertThat(people.principalForSession(busy)).as("past its absolute lifetime").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theIdleTimeoutIsTheOperatorsToSet(StoreKind store) {
    ManualClock clock = new ManualClock(1_800_000_000_000L);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      try (PeopleService strict = new PeopleService(t.hush().db(), clock, PeopleService.SessionPolicy.DEFAULT.withIdle(Duration.ofMinutes(30)))) {
        String session = strict.signIn(TestHush.ADMIN_EMAIL, TestHush.ADMIN_PASSWORD).token();
        clock.advance(Duration.ofMinutes(29).toMillis());
        assertThat(strict.principalForSession(session)).isPresent();
        clock.advance(Duration.ofMinutes(31).toMillis());
        assertThat(strict.principalForSession(session)).as("31 quiet minutes").isEmpty();
      }
      assertThatThrownBy(() -> PeopleService.SessionPolicy.DEFAULT.withIdle(Duration.ZERO))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("session-idle-minutes"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSessionAndToken(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      User sam = t.person("sam@x.io", "Sam", "first-long-password", false, "UTC", null);
      String laptop = people.signIn("sam@x.io", "first-long-password").token();
      String phone = people.signIn("sam@x.io", "first-long-password").token();
      String script = people.createApiToken(sam.id(), "script", false, null).secret();

      assertThatThrownBy(() -> people.changePassword(sam.id(), "a-wrong-guess!", "second-long-password", laptop))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("current_password"));
      assertThat(people.principalForSession(phone)).isPresent();

      people.changePassword(sam.id(), "first-long-password", "second-long-password", laptop);
      assertThat(people.principalForSession(laptop)).as("the session that changed it").isPresent();
      assertThat(people.principalForSession(phone)).isEmpty();
      assertThat(t.apiAs(script, "GET", "/api/v1/me", null).statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> people.signIn("sam@x.io", "first-long-password")).isInstanceOf(Problem.class);
      assertThat(people.signIn("sam@x.io", "second-long-password").token()).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAdminDisablesSomeoneAndTheirSessionsAndTokensStopAtOnce(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      User lee = t.person("lee@x.io", "Lee", "long-enough-pw", false, "UTC", null);
      String session = people.signIn("lee@x.io", "long-enough-pw").token();
      String token = people.createApiToken(lee.id(), "script", false, null).secret();
      assertThat(t.apiAs(token, "GET", "/api/v1/me", null).statusCode()).isEqualTo(200);

      assertThat(t.apiAs(t.adminToken(), "PATCH", "/api/v1/users/" + lee.id(), "{\"disabled\":true}").statusCode()).isEqualTo(200);
      assertThat(t.apiAs(token, "GET", "/api/v1/me", null).statusCode()).isEqualTo(401);
      assertThat(people.principalForSession(session)).isEmpty();
      assertThatThrownBy(() -> people.signIn("lee@x.io", "long-enough-pw")).isInstanceOf(Problem.class);
      assertThat(people.userStatuses()).filteredOn(s -> s.user().id() == lee.id()).singleElement()
          .satisfies(s -> assertThat(s.disabled()).isTrue());

      assertThat(t.apiAs(t.adminToken(), "PATCH", "/api/v1/users/" + lee.id(), "{\"disabled\":false}").statusCode()).isEqualTo(200);
      assertThat(people.signIn("lee@x.io", "long-enough-pw").token()).isNotBlank();
      assertThat(t.apiAs(token, "PATCH", "/api/v1/users/" + t.admin().id(), "{\"disabled\":true}").statusCode()).as("not an admin").isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aResetPasswordWorksOnceForADayAndMustBeReplaced(StoreKind store) {
    ManualClock clock = new ManualClock(1_800_000_000_000L);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      PeopleService people = t.hush().people();
      User kim = t.person("kim@x.io", "Kim", "forgotten-password", false, "UTC", null);
      String old = people.createApiToken(kim.id(), "old", false, null).secret();
      String oneTime = Json.parse(t.api("POST", "/api/v1/users/" + kim.id() + "/password-reset", null).body())
          .path("one_time_password").asText();
      assertThat(t.apiAs(old, "GET", "/api/v1/me", null).statusCode()).as("a reset ends every token").isEqualTo(401);
      assertThatThrownBy(() -> people.signIn("kim@x.io", "forgotten-password")).isInstanceOf(Problem.class);

      PeopleService.Session session = people.signIn("kim@x.io", oneTime);
      assertThat(session.principal().user().mustChangePassword()).isTrue();
      assertThatThrownBy(() -> people.createApiToken(kim.id(), "sneaky", false, null))
          .as("no token while the one-time password stands").isInstanceOf(Problem.class);

      clock.advance(25 * HOUR);
      assertThatThrownBy(() -> people.signIn("kim@x.io", oneTime))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.detail()).contains("expired"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void withAOneTimePasswordTheApiAnswersOnlyThePasswordChange(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startEmpty(store)) {
      String oneTime = t.hush().people().createFirstAdminIfNone("admin@localhost").orElseThrow();
      PeopleService.Session s = t.hush().people().signIn("admin@localhost", oneTime);
      String cookie = PeopleRoutes.SESSION_COOKIE + "=" + s.token();
      HttpResponse<String> list = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/incidents")).header("Cookie", cookie));
      assertThat(list.statusCode()).isEqualTo(403);
      assertThat(Json.parse(list.body()).path("error").asText()).isEqualTo("password_change_required");
      HttpResponse<String> token = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/tokens")).header("Cookie", cookie)
          .header("X-CSRF-Token", s.principal().csrfToken()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"keep-me\"}")));
      assertThat(token.statusCode()).isEqualTo(403);
      assertThat(t.hush().people().apiTokens(s.principal().userId())).isEmpty();

      HttpResponse<String> changed = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/me/password")).header("Cookie", cookie)
          .header("X-CSRF-Token", s.principal().csrfToken()).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"" + oneTime + "\",\"password\":\"my-own-long-password\"}")));
      assertThat(changed.statusCode()).isEqualTo(204);
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/incidents")).header("Cookie", cookie)).statusCode())
          .isEqualTo(200);
      assertThat(t.hush().people().teamsSeenBy(t.hush().people().principalForSession(s.token()).orElseThrow()))
          .as("the first admin starts with a team to put services in").extracting(Team::name).containsExactly(PeopleService.FIRST_TEAM);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theFirstAdminManagesTheTeamTheCliMadeBeforeTheFirstStart(StoreKind store) {
    try (TestHush t = TestHush.startEmpty(store)) {
      long made = t.hush().people().createTeam(PeopleService.FIRST_TEAM, null).id();
      t.hush().people().createFirstAdminIfNone("admin@localhost").orElseThrow();
      User admin = t.hush().people().userByEmail("admin@localhost").orElseThrow();
      assertThat(t.hush().people().actingAs(admin).roleIn(made)).contains(TeamRole.MANAGER);
    }
  }

  @Test
  void afterSignInOnlyAPathOnThisServerIsFollowed() {
    for (String bad : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "/ok\\..\\@evil", "javascript:alert(1)",
        "/x\r\nLocation: https://evil.example", "/x\tx", "/x y", "", "evil.example"}) {
      assertThat(PeopleRoutes.safeNext(bad)).as(bad).isEqualTo("/incidents");
    }
    assertThat(PeopleRoutes.safeNext("/services/3?tab=keys")).isEqualTo("/services/3?tab=keys");
  }
}

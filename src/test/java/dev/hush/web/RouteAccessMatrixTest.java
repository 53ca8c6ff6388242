package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.Priority;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.Override;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.Access;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls every registered route as each kind of caller and checks the answer against the rule the
 * route declared. A new route is checked as soon as it is registered: if its path names a resource
 * this fixture cannot supply, the test fails and asks for it.
 */
class RouteAccessMatrixTest {
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

  /** Who calls: nobody, the owning team's viewer, responder and manager, another team's manager, and an org admin in no team. */
  private enum Caller { ANONYMOUS, VIEWER, RESPONDER, MANAGER, OTHER_TEAM_MANAGER, ORG_ADMIN }

  private record Fixture(TestHush t, long team, long service, long incident, long schedule, long rotation, Map<Caller, User> users,
      Map<Caller, String> tokens) {}

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyRouteAnswersEveryCallerAsItsDeclaredRuleSays(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Fixture f = fixture(t);
      List<DeclaredRoute> routes = t.routes();
      List<String> wrong = new ArrayList<>();
      int calls = 0;
      for (DeclaredRoute route : routes) {
        for (Caller caller : Caller.values()) {
          HttpResponse<String> r = call(f, route, caller);
          calls++;
          String problem = judge(route, caller, r);
          if (problem != null) {
            wrong.add(route.method() + " " + route.path() + " as " + caller + ": " + problem + " (" + r.statusCode() + " " + r.body() + ")");
          }
        }
      }
      System.out.printf("route-role matrix: %d routes, %d calls%n", routes.size(), calls);
      assertThat(routes).as("the whole API and UI, not a handful").hasSizeGreaterThan(80);
      assertThat(routes).extracting(route -> route.method() + " " + route.path()).as("the Prometheus source and the rule replay are judged too")
          .contains("PUT /api/v1/teams/{id}/prometheus", "GET /api/v1/teams/{id}/prometheus", "DELETE /api/v1/teams/{id}/prometheus",
              "GET /teams/{id}/prometheus", "POST /teams/{id}/prometheus", "PUT /api/v1/services/{id}/prometheus-queries",
              "GET /api/v1/services/{id}/prometheus-queries", "POST /services/{id}/prometheus-queries", "GET /api/v1/reviews/{id}/rule-replay",
              "GET /reviews/{id}/rule-replay", "POST /reviews/{id}/rule-replay/action-item", "POST /api/v1/reviews/{id}/rule-replay/action-item");
      assertThat(wrong).isEmpty();
    }
  }

  /** Null when the answer fits the rule, else what is wrong. */
  private static String judge(DeclaredRoute route, Caller caller, HttpResponse<String> r) {
    Access access = route.access();
    if (access == Access.ANYONE) {
      return askedToSignIn(r) ? "an open route asked for sign-in" : null;
    }
    if (caller == Caller.ANONYMOUS) {
      return askedToSignIn(r) ? null : "reached without signing in";
    }
    return switch (expected(access, caller)) {
      case ALLOWED -> r.statusCode() == 401 || r.statusCode() == 404 || refusedByAccess(r) ? "refused a caller the rule allows" : null;
      case FORBIDDEN -> refusedByAccess(r) ? null : "expected 403 from the access check";
      case HIDDEN -> r.statusCode() == 404 && "not_found".equals(Json.parse(r.body()).path("error").asText()) ? null
          : "another team's resource must answer 404";
    };
  }

  private enum Outcome { ALLOWED, FORBIDDEN, HIDDEN }

  private static Outcome expected(Access access, Caller caller) {
    if (caller == Caller.ORG_ADMIN) {
      return Outcome.ALLOWED;
    }
    return switch (access) {
      case Access.Anyone a -> Outcome.ALLOWED;
      case Access.SignedIn s -> Outcome.ALLOWED;
      case Access.OrgAdmin a -> Outcome.FORBIDDEN;
      case Access.OnTeam team -> switch (caller) {
        case OTHER_TEAM_MANAGER -> Outcome.HIDDEN;
        case VIEWER -> TeamRole.VIEWER.includes(team.least()) ? Outcome.ALLOWED : Outcome.FORBIDDEN;
        case RESPONDER -> TeamRole.RESPONDER.includes(team.least()) ? Outcome.ALLOWED : Outcome.FORBIDDEN;
        default -> Outcome.ALLOWED;
      };
    };
  }

  /** The access check's answer to a caller without a session or token (an ingest route's own 401 for a missing key is not one). */
  private static boolean askedToSignIn(HttpResponse<String> r) {
    return r.statusCode() == 302 && r.headers().firstValue("Location").orElse("").startsWith("/login")
        || r.statusCode() == 401 && Json.parse(r.body()).path("detail").asText().startsWith("sign in");
  }

  /** A 403 that the access check gave (a handler's own 403, e.g. "only the person asked decides a swap", is not one). */
  private static boolean refusedByAccess(HttpResponse<String> r) {
    if (r.statusCode() != 403) {
      return false;
    }
    String detail = Json.parse(r.body()).path("detail").asText();
    return detail.startsWith("this needs the") || detail.startsWith("only an org admin");
  }

  private static HttpResponse<String> call(Fixture f, DeclaredRoute route, Caller caller) {
    String path = fill(f, route.path(), caller);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.t().baseUrl() + path));
    if (caller != Caller.ANONYMOUS) {
      b.header("Authorization", "Bearer " + f.tokens().get(caller));
    }
    // A bulk incident route names its incidents in the body.
    boolean bulk = path.endsWith("/incidents/acknowledge") || path.endsWith("/incidents/resolve");
    if (route.method().equals("GET")) {
      b.GET();
    } else if (path.startsWith("/api/")) {
      b.header("Content-Type", "application/json").method(route.method(), HttpRequest.BodyPublishers.ofString(bulk
          ? "{\"ids\":[" + f.incident() + "]}" : "{\"team_id\":" + f.team() + "}"));
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded").method(route.method(), HttpRequest.BodyPublishers.ofString("team_id=" + f.team()
          + (bulk ? "&ids=" + f.incident() : "")));
    }
    return f.t().send(b);
  }

  /** The route's path with each parameter replaced by a resource of the owning team (or of the caller, for their own things). */
  private static String fill(Fixture f, String path, Caller caller) {
    Matcher m = PARAM.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String before = path.substring(0, m.start());
      m.appendReplacement(out, String.valueOf(value(f, before, m.group(1), caller)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Object value(Fixture f, String before, String param, Caller caller) {
    TestHush t = f.t();
    User me = f.users().getOrDefault(caller, f.users().get(Caller.ORG_ADMIN));
    long now = System.currentTimeMillis();
    return switch (param) {
      case "token", "key" -> "not-a-real-secret";
      case "decision" -> "decline";
      case "section" -> "incidents";
      // Inserted as stored: the review may already be closed by an earlier call, and a closed review takes no new launches.
      case "launchId" -> t.hush().db().withHandle(h -> h.createUpdate(
              "INSERT INTO review_launches (team_id, review_id, title, created_at) VALUES (:team, :review, 'launch', 0)")
          .bind("team", f.team()).bind("review", review(f)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
      case "findingId" -> t.hush().db().withHandle(h -> h.createUpdate(
              "INSERT INTO anomaly_findings (review_id, service_id, series, kind, from_ms, to_ms, severity, rank_score, explanation, created_at)"
                  + " VALUES (:review, :service, 'requests', 'dip', 0, 300000, 0.9, 0.9, 'requests -80 %', 0)")
          .bind("review", review(f)).bind("service", f.service()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
      case "userId" -> {
        User member = t.hush().people().createUser("m" + System.nanoTime() + "@x.io", "Member", "long-enough-pw", false, "UTC", null);
        t.hush().people().addMember(f.team(), member.id(), TeamRole.VIEWER, null);
        yield member.id();
      }
      case "keyId" -> t.hush().services().createKey(f.service(), "k").key().id();
      case "overrideId" -> t.hush().oncall().addOverride(f.schedule(), now + 3_600_000, now + 7_200_000, Override.Kind.REPLACE,
          f.users().get(Caller.RESPONDER).id(), null, "", null).id();
      case "id" -> {
        if (before.endsWith("/services/")) {
          yield f.service();
        } else if (before.endsWith("/incidents/")) {
          yield f.incident();
        } else if (before.endsWith("/schedules/")) {
          yield f.schedule();
        } else if (before.endsWith("/rotations/")) {
          yield f.rotation();
        } else if (before.endsWith("/teams/")) {
          yield f.team();
        } else if (before.endsWith("/swaps/")) {
          // asked of the caller where they are in the team, so deciding is theirs to do
          long counterpart = caller == Caller.VIEWER || caller == Caller.RESPONDER || caller == Caller.MANAGER ? me.id()
              : f.users().get(Caller.VIEWER).id();
          long requester = counterpart == f.users().get(Caller.MANAGER).id() ? f.users().get(Caller.RESPONDER).id() : f.users().get(Caller.MANAGER).id();
          yield t.hush().oncall().requestSwap(f.schedule(), requester, counterpart, now + 3_600_000, now + 7_200_000).id();
        } else if (before.endsWith("/escalation-policies/")) {
          yield t.hush().escalation().createPolicy(f.team(), "p" + System.nanoTime(), 0,
              List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, f.schedule()))).id();
        } else if (before.endsWith("/users/")) {
          yield t.hush().people().createUser("u" + System.nanoTime() + "@x.io", "Someone", "long-enough-pw", false, "UTC", null).id();
        } else if (before.endsWith("/tokens/")) {
          yield t.hush().people().createApiToken(me.id(), "spare", false, null).id();
        } else if (before.endsWith("/methods/") || before.endsWith("/contact-methods/")) {
          yield t.hush().notifications().addContactMethod(me.id(), ChannelKind.EMAIL, "spare", "spare@x.io", null).id();
        } else if (before.endsWith("/action-items/") || before.endsWith("/actions/")) {
          yield t.hush().actions().create(f.team(), new NewActionItem("fix the disk alert", f.users().get(Caller.RESPONDER).id(), null,
              Priority.P1, null, null, null, List.of()), null).id();
        } else if (before.endsWith("/reviews/")) {
          yield review(f);
        } else if (before.endsWith("/feeds/")) {
          yield t.hush().oncall().createFeed(null, me.id(), me.id()).id();
        }
        yield fail("the matrix cannot fill {id} after " + before + ": add that resource to the fixture");
      }
      default -> fail("the matrix cannot fill {" + param + "} after " + before + ": add it to the fixture");
    };
  }

  /** The team's review of last week (the same one each time: one review per team and week). */
  private static long review(Fixture f) {
    return f.t().hush().reviews().prepare(f.team(), null).id();
  }

  private static Fixture fixture(TestHush t) {
    var people = t.hush().people();
    long team = t.team();
    long otherTeam = people.createTeam("Other team", null).id();
    Map<Caller, User> users = new LinkedHashMap<>();
    Map<Caller, String> tokens = new LinkedHashMap<>();
    for (Caller c : Caller.values()) {
      if (c == Caller.ANONYMOUS) {
        continue;
      }
      User u = people.createUser(c.name().toLowerCase() + "@x.io", c.name(), "long-enough-pw", c == Caller.ORG_ADMIN, "UTC", null);
      switch (c) {
        case VIEWER -> people.addMember(team, u.id(), TeamRole.VIEWER, null);
        case RESPONDER -> people.addMember(team, u.id(), TeamRole.RESPONDER, null);
        case MANAGER -> people.addMember(team, u.id(), TeamRole.MANAGER, null);
        case OTHER_TEAM_MANAGER -> people.addMember(otherTeam, u.id(), TeamRole.MANAGER, null);
        default -> { }
      }
      users.put(c, u);
      tokens.put(c, people.createApiToken(u.id(), "matrix", false, null).secret());
    }
    String key = t.serviceWithKey("owned");
    long service = t.hush().services().byName("owned").orElseThrow().id();
    JsonNode sent = Json.parse(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"d\","
        + "\"payload\":{\"summary\":\"disk full\",\"source\":\"db-1\",\"severity\":\"critical\"}}").body());
    assertThat(sent.path("status").asText()).isEqualTo("success");
    long incident = t.incidents().getFirst().id();
    var rotation = t.hush().oncall().createRotation(team, "owned", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.now().minusWeeks(1), List.of(users.get(Caller.RESPONDER).id(), users.get(Caller.MANAGER).id()));
    var schedule = t.hush().oncall().createSchedule(team, "owned");
    t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
    t.hush().escalation().assign(service, t.hush().escalation().createPolicy(team, "owned", 0,
        List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id()))).id());
    return new Fixture(t, team, service, incident, schedule.id(), rotation.id(), users, tokens);
  }
}

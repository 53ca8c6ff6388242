package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.people.User;
import java.util.Arrays;
import java.util.List;

/** Pages for the insights tests: people with webhooks on a loopback receiver, and services whose policy pages them. */
final class PersonInsightsFixture {
  private PersonInsightsFixture() {}

  /** A responder of the test team in {@code zone}, reachable on {@code methods} webhooks at once. */
  static User person(TestHush t, LoopbackReceiver receiver, String name, String zone, int methods) {
    User u = t.person(name.toLowerCase() + "@x.io", name, "long-enough-pw", false, zone, null);
    for (int i = 0; i < methods; i++) {
      t.hush().notifications().addContactMethod(u.id(), ChannelKind.WEBHOOK, "hook " + i, receiver.url("/" + name + "/" + i), null);
    }
    return u;
  }

  /** A service of the test team whose one step pages these people at once; returns its integration key. */
  static Service service(TestHush t, String name, User... paged) {
    long id = t.hush().services().create(name, "", t.team(), null, false).id();
    List<EscalationPolicy.Target> targets = Arrays.stream(paged).map(u -> new EscalationPolicy.Target(EscalationPolicy.TargetKind.USER, u.id()))
        .toList();
    long policy = t.hush().escalation().createPolicy(t.team(), name + " policy", 0,
        List.of(new EscalationPolicy.Step(0, 0, EscalationPolicy.Mode.ALL, targets))).id();
    t.hush().escalation().assign(id, policy);
    return new Service(id, t.hush().services().createKey(id, "k").secret());
  }

  record Service(long id, String key) {}

  /** Opens an incident on the service (its step pages at once); returns the incident. */
  static long page(TestHush t, Service s, String dedup) {
    long incident = t.trigger(s.key(), dedup, "Broken " + dedup);
    assertThat(t.count("SELECT COUNT(*) FROM notifications WHERE incident_id = CAST(:v AS BIGINT)", String.valueOf(incident)))
        .as("the step paged").isPositive();
    return incident;
  }
}

package dev.hush.escalation;

import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import dev.hush.notify.ChannelKind;
import dev.hush.people.User;
import java.util.List;

/**
 * A team whose pages land on a loopback receiver, one path per person: Dana is paged first, Bo
 * five minutes later; Cy is in the team but on no step. The service "payments" uses that policy.
 */
public record PagedTeam(User dana, User bo, User cy, String key, long serviceId) {
  public static PagedTeam create(TestHush t, LoopbackReceiver pager) {
    User dana = t.person("dana@x.io", "Dana", "long-enough-pw", false, "UTC", null);
    User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
    User cy = t.person("cy@x.io", "Cy", "long-enough-pw", false, "UTC", null);
    for (User u : List.of(dana, bo, cy)) {
      t.hush().notifications().addContactMethod(u.id(), ChannelKind.WEBHOOK, "pager", pager.url("/" + u.name().toLowerCase()), null);
    }
    EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), "payments", 0, List.of(
        EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.USER, dana.id()),
        EscalationPolicy.Step.of(1, 5, EscalationPolicy.TargetKind.USER, bo.id())));
    long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
    t.hush().escalation().assign(serviceId, policy.id());
    return new PagedTeam(dana, bo, cy, t.hush().services().createKey(serviceId, "k").secret(), serviceId);
  }
}

package dev.hush.notify;

import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import java.util.Optional;

/**
 * What the callee's key press on a voice page does. The token is the page's ack token, so 1
 * acknowledges as that person, like the ack link. The answer is always TwiML for the caller to
 * hear, also for a refusal: the voice API wants a 200 and something to say.
 */
final class VoiceKeypad {
  private final NotifyService notify;
  private final IncidentService incidents;

  VoiceKeypad(NotifyService notify, IncidentService incidents) {
    this.notify = notify;
    this.incidents = incidents;
  }

  String answer(String token, String digits) {
    Optional<NotifyService.Grant> grant = notify.verifyAckLink(token);
    if (grant.isEmpty()) {
      return Twiml.say("This acknowledge link has expired. Nothing was changed. Open Hush to acknowledge.");
    }
    if (!"1".equals(digits)) {
      return Twiml.say("Nothing was changed.");
    }
    try {
      incidents.acknowledge(grant.get().incidentId(), grant.get().userId());
    } catch (Problem refused) {
      return Twiml.say("Nothing was changed: " + refused.detail() + ".");
    }
    return Twiml.say("Acknowledged.");
  }
}

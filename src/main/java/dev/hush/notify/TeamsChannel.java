package dev.hush.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.core.Json;
import dev.hush.incidents.AlertContent;
import java.util.Map;

/** A Microsoft Teams workflow webhook, posting an Adaptive Card with Acknowledge and Open actions. */
final class TeamsChannel implements Channel {
  private final TargetGuard guard;

  TeamsChannel(TargetGuard guard) {
    this.guard = guard;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode cardBody = card.putArray("body");
    cardBody.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true).put("text", m.title());
    if (!m.extraSummary().isEmpty()) {
      cardBody.addObject().put("type", "TextBlock").put("wrap", true).put("text", m.extraSummary());
    }
    ArrayNode facts = cardBody.addObject().put("type", "FactSet").putArray("facts");
    facts.addObject().put("title", "Service").put("value", m.service());
    facts.addObject().put("title", "Severity").put("value", m.severity());
    facts.addObject().put("title", "For").put("value", m.recipient());
    for (AlertContent.Row r : m.content().details()) {
      facts.addObject().put("title", r.key()).put("value", r.nested() ? r.preview() : r.value());
    }
    ArrayNode actions = card.putArray("actions");
    actions.addObject().put("type", "Action.OpenUrl").put("title", "Acknowledge").put("url", m.ackUrl());
    actions.addObject().put("type", "Action.OpenUrl").put("title", "Open incident").put("url", m.incidentUrl());
    for (AlertContent.Link l : m.content().links()) {
      actions.addObject().put("type", "Action.OpenUrl").put("title", l.text()).put("url", l.href());
    }
    HttpChannels.postJson(guard.resolve(to.address()), body.toString(), Map.of());
  }
}

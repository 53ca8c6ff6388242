package dev.hush.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.core.Json;
import java.util.Map;

/** A Slack incoming webhook with Block Kit: the incident, and buttons that open it and its ack link. */
final class SlackChannel implements Channel {
  private final TargetGuard guard;

  SlackChannel(TargetGuard guard) {
    this.guard = guard;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("text", "[" + m.severity() + "] " + m.title());
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    section.putObject("text").put("type", "mrkdwn")
        .put("text", "*<" + m.incidentUrl() + "|" + escape(m.title()) + ">*\n" + escape(m.service()) + " · " + m.severity() + " · for " + escape(m.recipient()));
    ObjectNode actions = blocks.addObject();
    actions.put("type", "actions");
    ArrayNode elements = actions.putArray("elements");
    button(elements, "Acknowledge", m.ackUrl(), "primary");
    button(elements, "Open incident", m.incidentUrl(), null);
    HttpChannels.postJson(guard.resolve(to.address()), body.toString(), Map.of());
  }

  private static void button(ArrayNode elements, String text, String url, String style) {
    ObjectNode b = elements.addObject();
    b.put("type", "button");
    b.putObject("text").put("type", "plain_text").put("text", text);
    b.put("url", url);
    if (style != null) {
      b.put("style", style);
    }
  }

  /** Slack's mrkdwn treats &, < and > as control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

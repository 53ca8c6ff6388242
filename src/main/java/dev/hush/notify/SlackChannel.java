package dev.hush.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.core.Json;
import dev.hush.incidents.AlertContent;
import java.util.List;
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
    if (!m.extraSummary().isEmpty()) {
      blocks.addObject().put("type", "section").putObject("text").put("type", "plain_text").put("text", cut(m.extraSummary(), 2900));
    }
    List<AlertContent.Row> rows = m.content().details();
    if (!rows.isEmpty()) {
      // A section holds at most ten fields of 2000 characters each.
      ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
      for (AlertContent.Row r : rows.subList(0, Math.min(10, rows.size()))) {
        fields.addObject().put("type", "mrkdwn").put("text", cut("*" + escape(r.key()) + "*\n" + escape(r.nested() ? r.preview() : r.value()), 1990));
      }
    }
    ObjectNode actions = blocks.addObject();
    actions.put("type", "actions");
    ArrayNode elements = actions.putArray("elements");
    button(elements, "Acknowledge", m.ackUrl(), "primary");
    button(elements, "Open incident", m.incidentUrl(), null);
    // An actions block holds at most 25 elements.
    for (AlertContent.Link l : m.content().links().subList(0, Math.min(20, m.content().links().size()))) {
      button(elements, cut(l.text(), 70), l.href(), null);
    }
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

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "…" : s;
  }

  /** Slack's mrkdwn treats &, < and > as control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

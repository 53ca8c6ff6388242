package dev.hush.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps secrets out of what Hush stores: every occurrence of an integration key in a received body
 * (the PagerDuty {@code routing_key}, or a key a sender echoed in a URL in its text) becomes {@link #MARK}.
 */
public final class Redaction {
  /** What a redacted secret reads as. */
  public static final String MARK = "[redacted]";

  private Redaction() {}

  /**
   * The tree with every occurrence of each secret, in string values and field names, replaced by
   * {@link #MARK}. Unchanged parts are shared with the input, which is not modified.
   */
  public static JsonNode redact(JsonNode tree, Collection<String> secrets) {
    if (secrets.stream().allMatch(s -> s == null || s.isEmpty())) {
      return tree;
    }
    return walk(tree, secrets);
  }

  /**
   * The object with its {@code field} replaced by {@link #MARK}, whatever it held (a field that is a
   * secret by its name, such as PagerDuty's {@code routing_key}); the input is not modified.
   */
  public static JsonNode markField(JsonNode tree, String field) {
    if (!tree.isObject() || !tree.has(field) || MARK.equals(tree.get(field).asText())) {
      return tree;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) tree).deepCopy();
    copy.put(field, MARK);
    return copy;
  }

  /** The text with every occurrence of each secret replaced by {@link #MARK}. */
  public static String redact(String text, Collection<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty() && out.contains(secret)) {
        out = out.replace(secret, MARK);
      }
    }
    return out;
  }

  private static JsonNode walk(JsonNode node, Collection<String> secrets) {
    if (node.isTextual()) {
      String text = node.textValue();
      String redacted = redact(text, secrets);
      return redacted.equals(text) ? node : TextNode.valueOf(redacted);
    }
    if (node.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < node.size(); i++) {
        JsonNode child = node.get(i);
        JsonNode redacted = walk(child, secrets);
        if (redacted != child && copy == null) {
          copy = JsonNodeFactory.instance.arrayNode(node.size());
          for (int j = 0; j < i; j++) {
            copy.add(node.get(j));
          }
        }
        if (copy != null) {
          copy.add(redacted);
        }
      }
      return copy == null ? node : copy;
    }
    if (node.isObject()) {
      ObjectNode copy = null;
      int i = 0;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = redact(field.getKey(), secrets);
        JsonNode value = walk(field.getValue(), secrets);
        if ((value != field.getValue() || !name.equals(field.getKey())) && copy == null) {
          copy = JsonNodeFactory.instance.objectNode();
          Iterator<Map.Entry<String, JsonNode>> before = node.properties().iterator();
          for (int j = 0; j < i; j++) {
            Map.Entry<String, JsonNode> kept = before.next();
            copy.set(kept.getKey(), kept.getValue());
          }
        }
        if (copy != null) {
          copy.set(name, value);
        }
        i++;
      }
      return copy == null ? node : copy;
    }
    return node;
  }
}

package dev.hush.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the alert itself says, read from its first event as it arrived: the summary, links to act on
 * (runbook, dashboard, the rule's graph), the details as key/value rows, and images. PagerDuty
 * events give {@code payload.summary}, {@code links}, {@code images}, {@code payload.custom_details},
 * {@code component}, {@code group} and {@code class}; Alertmanager alerts give labels, annotations
 * ({@code summary}, {@code description}, {@code runbook_url}, any {@code *_url}) and {@code generatorURL}.
 * Only http and https links are kept, so a page never offers a {@code javascript:} or {@code data:} link.
 */
public record AlertContent(String summary, List<Link> links, List<Row> details, List<Link> images) {
  public static final AlertContent EMPTY = new AlertContent("", List.of(), List.of(), List.of());
  private static final int MAX_ROWS = 100;
  private static final Set<String> AM_SHOWN = Set.of("summary", "runbook_url", "dashboard_url");

  /** A link to follow: its label and its http(s) address. */
  public record Link(String text, String href) {}

  /** One detail: a plain value, or ({@code nested}) a JSON object or array shown folded and indented. */
  public record Row(String key, String value, boolean nested) {
    /** One line of a folded value: its start, whitespace squeezed. */
    public String preview() {
      String line = value.replaceAll("\\s+", " ");
      return line.length() > 60 ? line.substring(0, 57) + "…" : line;
    }
  }

  public boolean isEmpty() {
    return summary.isEmpty() && links.isEmpty() && details.isEmpty() && images.isEmpty();
  }

  /** The first link, or null: what an SMS has room for. */
  public Link firstLink() {
    return links.isEmpty() ? null : links.get(0);
  }

  /** The alert's content from its first event body (JSON as received), or {@link #EMPTY} when there is none or it is unreadable. */
  public static AlertContent of(String body) {
    if (body == null || body.isBlank()) {
      return EMPTY;
    }
    JsonNode event;
    try {
      event = Json.parse(body);
    } catch (Problem unreadable) {
      return EMPTY;
    }
    if (!event.isObject()) {
      return EMPTY;
    }
    if (event.path("alerts").isArray() && !event.path("alerts").isEmpty()) {
      return alertmanager(event.path("alerts").get(0));
    }
    if (event.has("labels") || event.has("annotations") || event.has("generatorURL")) {
      return alertmanager(event);
    }
    return pagerDuty(event);
  }

  private static AlertContent pagerDuty(JsonNode event) {
    JsonNode payload = event.path("payload");
    String summary = payload.path("summary").isTextual() ? payload.path("summary").asText() : "";
    List<Link> links = new ArrayList<>();
    for (JsonNode l : event.path("links")) {
      String href = l.path("href").asText("");
      addLink(links, l.path("text").asText("").isBlank() ? href : l.path("text").asText(), href);
    }
    List<Link> images = new ArrayList<>();
    for (JsonNode i : event.path("images")) {
      String src = i.path("src").asText("");
      String alt = i.path("alt").asText("");
      addLink(images, alt.isBlank() ? src : alt, i.path("href").isTextual() && safe(i.path("href").asText()) ? i.path("href").asText() : src);
    }
    List<Row> rows = new ArrayList<>();
    for (String key : List.of("component", "group", "class")) {
      if (payload.path(key).isValueNode() && !payload.path(key).asText().isBlank()) {
        rows.add(new Row(key, payload.path(key).asText(), false));
      }
    }
    JsonNode custom = payload.path("custom_details");
    if (custom.isObject()) {
      for (Map.Entry<String, JsonNode> e : custom.properties()) {
        rows.add(row(e.getKey(), e.getValue()));
      }
    } else if (!custom.isMissingNode() && !custom.isNull()) {
      rows.add(row("custom_details", custom));
    }
    return new AlertContent(summary, List.copyOf(links), capped(rows), List.copyOf(images));
  }

  private static AlertContent alertmanager(JsonNode alert) {
    JsonNode labels = alert.path("labels");
    JsonNode annotations = alert.path("annotations");
    String summary = annotations.path("summary").asText("");
    if (summary.isBlank()) {
      summary = labels.path("alertname").asText("");
    }
    List<Link> links = new ArrayList<>();
    addLink(links, "Runbook", annotations.path("runbook_url").asText(""));
    addLink(links, "Dashboard", annotations.path("dashboard_url").asText(""));
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      if (e.getKey().endsWith("_url") && !AM_SHOWN.contains(e.getKey())) {
        addLink(links, e.getKey().substring(0, e.getKey().length() - 4).replace('_', ' '), e.getValue().asText(""));
      }
    }
    addLink(links, "Source", alert.path("generatorURL").asText(""));
    List<Row> rows = new ArrayList<>();
    if (annotations.path("description").isTextual()) {
      rows.add(new Row("description", annotations.path("description").asText(), false));
    }
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      if (!AM_SHOWN.contains(e.getKey()) && !"description".equals(e.getKey()) && !e.getKey().endsWith("_url")) {
        rows.add(row(e.getKey(), e.getValue()));
      }
    }
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      rows.add(row(e.getKey(), e.getValue()));
    }
    return new AlertContent(summary, List.copyOf(links), capped(rows), List.of());
  }

  private static Row row(String key, JsonNode value) {
    if (value.isContainerNode()) {
      try {
        return new Row(key, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value), true);
      } catch (JsonProcessingException e) {
        return new Row(key, value.toString(), true);
      }
    }
    return new Row(key, value.isNull() ? "" : value.asText(), false);
  }

  private static List<Row> capped(List<Row> rows) {
    return List.copyOf(rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows);
  }

  private static void addLink(List<Link> links, String text, String href) {
    if (safe(href)) {
      links.add(new Link(text.isBlank() ? href : text, href.strip()));
    }
  }

  /** An absolute http or https URL with a host: nothing else becomes a link. */
  static boolean safe(String href) {
    if (href == null || href.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(href.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

package dev.hush;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.hush.core.ApiDocument;
import dev.hush.core.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a real API exchange against the OpenAPI document: the request body a route accepted, and
 * the response it gave, each against the operation's JSON Schema (2020-12, as OpenAPI 3.1 uses).
 */
public final class ApiContract {
  private static final JsonNode DOC = ApiDocument.tree();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

  private ApiContract() {}

  /** The path template of the documented operation that serves {@code method path}, if any. */
  public static Optional<String> template(String method, String path) {
    List<String> matching = new ArrayList<>();
    for (Iterator<String> it = DOC.path("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      if (DOC.path("paths").path(template).has(method.toLowerCase(Locale.ROOT)) && pattern(template).matcher(path).matches()) {
        matching.add(template);
      }
    }
    // A literal segment wins over a parameter, as in the router: /api/v1/me/feeds before /api/v1/{x}/feeds.
    return matching.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
  }

  /**
   * What in this exchange the document does not allow; empty when it all fits. The request body is
   * checked only when the route accepted it (2xx): refused requests are often wrong on purpose.
   */
  public static List<String> violations(String method, String pathAndQuery, String requestBody, int status, String contentType,
      String responseBody) {
    String path = URI.create(pathAndQuery).getPath();
    Optional<String> template = template(method, path);
    if (template.isEmpty()) {
      // Asking for what does not exist must get the standard error; anything else must be documented.
      return status == 404 || status == 405 ? validate("/components/schemas/Problem", Json.parse(responseBody), method + " " + path)
          : List.of(method + " " + path + " is not in the API document");
    }
    String op = "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT);
    String label = method + " " + template.get();
    List<String> out = new ArrayList<>();
    JsonNode operation = DOC.at(op);
    if (status / 100 == 2 && requestBody != null && !requestBody.isBlank()
        && !operation.at("/requestBody/content/application~1json/schema").isMissingNode()) {
      out.addAll(validate(op + "/requestBody/content/application~1json/schema", Json.parse(requestBody), label + " request"));
    }
    String code = operation.path("responses").has(String.valueOf(status)) ? String.valueOf(status) : "default";
    JsonNode response = operation.path("responses").path(code);
    if (response.isMissingNode() || (status / 100 == 2 && "default".equals(code))) {
      out.add(label + " answered " + status + ", which the document does not list");
      return out;
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (responseBody != null && !responseBody.isEmpty()) {
        out.add(label + " answered " + status + " with a body the document does not describe");
      }
      return out;
    }
    Optional<String> mediaType = Optional.empty();
    for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
      String documented = it.next();
      if (contentType != null && contentType.startsWith(documented)) {
        mediaType = Optional.of(documented);
      }
    }
    if (mediaType.isEmpty()) {
      out.add(label + " answered " + status + " as " + contentType + ", documented as " + content.properties().stream().map(Map.Entry::getKey).toList());
      return out;
    }
    if ("application/json".equals(mediaType.get())) {
      out.addAll(validate(op + "/responses/" + code + "/content/application~1json/schema", Json.parse(responseBody),
          label + " response " + status));
    }
    return out;
  }

  /** Every way {@code value} breaks the schema at JSON pointer {@code pointer} of the document. */
  public static List<String> validate(String pointer, JsonNode value, String what) {
    JsonSchema schema = COMPILED.computeIfAbsent(pointer, p -> SCHEMAS.getSchema(SchemaLocation.of("classpath:openapi.json#" + p)));
    Set<ValidationMessage> messages = schema.validate(value);
    return messages.stream().map(m -> what + ": " + m.getMessage()).sorted().toList();
  }

  private static Pattern pattern(String template) {
    return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
  }

  private static String escape(String template) {
    return template.replace("~", "~0").replace("/", "~1");
  }
}

package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import dev.hush.ApiContract;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.ApiDocument;
import dev.hush.core.Json;
import dev.hush.people.Access;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /api/openapi.json describes exactly the routes the server registers, and is itself valid. */
class ApiDocumentTest {
  private static final JsonNode DOC = ApiDocument.tree();

  @Test
  void everyApiRouteIsDocumentedAndEveryDocumentedRouteExists() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      TreeSet<String> registered = new TreeSet<>();
      for (DeclaredRoute r : t.routes()) {
        if (r.path().startsWith("/api/") || r.path().startsWith("/v2/")) {
          registered.add(r.method() + " " + r.path());
        }
      }
      assertThat(documented().keySet()).as("documented operations").isEqualTo(registered);
    }
  }

  @Test
  void theDocumentSaysWhoMayCallEachRouteAsTheRouteDeclaresIt() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      Map<String, JsonNode> documented = documented();
      List<String> wrong = new ArrayList<>();
      for (DeclaredRoute r : t.routes()) {
        JsonNode op = documented.get(r.method() + " " + r.path());
        if (op != null && !op.path("x-hush-access").asText().equals(name(r.access()))) {
          wrong.add(r.method() + " " + r.path() + ": documented " + op.path("x-hush-access") + ", declared " + name(r.access()));
        }
      }
      assertThat(wrong).isEmpty();
    }
  }

  @Test
  void theDocumentIsOpenApi31WithValidSchemasAndNoDanglingReferences() {
    assertThat(DOC.path("openapi").asText()).startsWith("3.1.");
    JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SchemaLocation.of(SchemaId.V202012));
    List<String> problems = new ArrayList<>();
    DOC.path("components").path("schemas").properties().forEach(s ->
        metaSchema.validate(s.getValue()).forEach(m -> problems.add(s.getKey() + ": " + m.getMessage())));
    refs(DOC, problems);
    documented().forEach((op, operation) -> {
      if (!operation.path("responses").isObject() || operation.path("responses").isEmpty()) {
        problems.add(op + " lists no responses");
      }
      long params = operation.path("parameters").size();
      long placeholders = op.chars().filter(c -> c == '{').count();
      if (params != placeholders) {
        problems.add(op + " declares " + params + " path parameters for " + placeholders + " placeholders");
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void signedInCallersGetTheDocumentAndOthersAreAskedToSignIn() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      HttpResponse<String> served = t.api("GET", "/api/openapi.json", null);
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(Json.parse(served.body())).isEqualTo(DOC);

      HttpResponse<String> anonymous = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/openapi.json")).GET());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(Json.parse(anonymous.body()).path("error").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void theContractCheckCatchesAResponseThatDriftedFromTheDocument() {
    String drifted = "{\"id\":1,\"name\":\"x\",\"description\":null,\"team_id\":1,\"am_grouping\":\"sometimes\",\"created_at\":1}";
    assertThat(ApiContract.violations("GET", "/api/v1/services/1", null, 200, "application/json", drifted))
        .anySatisfy(v -> assertThat(v).contains("am_grouping"))
        .anySatisfy(v -> assertThat(v).contains("require_log_on_resolve"));
    assertThat(ApiContract.violations("GET", "/api/v1/nothing-here", null, 200, "application/json", "{}"))
        .containsExactly("GET /api/v1/nothing-here is not in the API document");
    assertThat(ApiContract.violations("GET", "/api/v1/nothing-here", null, 404, "application/json", "{\"detail\":\"gone\"}"))
        .as("a 404 still carries the standard error").isNotEmpty();
  }

  /** Every operation, as "METHOD /path/{param}". */
  private static Map<String, JsonNode> documented() {
    Map<String, JsonNode> out = new TreeMap<>();
    DOC.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
        out.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue())));
    return out;
  }

  /** A declared access as the document's x-hush-access names it. */
  private static String name(Access access) {
    return switch (access) {
      case Access.Anyone a -> "anyone";
      case Access.SignedIn s -> s.beforePasswordChange() ? "signed-in-before-password-change" : "signed-in";
      case Access.OrgAdmin a -> "admin";
      case Access.OnTeam o -> "team:" + o.least().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static void refs(JsonNode node, List<String> problems) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && DOC.at(ref.asText().substring(1)).isMissingNode()) {
        problems.add("dangling " + ref.asText());
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        refs(it.next(), problems);
      }
    } else if (node.isArray()) {
      node.forEach(n -> refs(n, problems));
    }
  }
}

package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An ack link is for one episode of an incident: once the incident is resolved and reopened, a link sent before does nothing. */
class AckLinkEpisodeTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aLinkSentBeforeAReopenNoLongerAcknowledges(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.start(store)) {
      t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.WEBHOOK, "pager", receiver.url("/page"), null);
      long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
      t.hush().escalation().assign(serviceId, t.hush().escalation().createPolicy(t.team(), "payments", 0,
          List.of(EscalationPolicy.Step.of(0, 30, EscalationPolicy.TargetKind.USER, t.admin().id()))).id());
      String key = t.hush().services().createKey(serviceId, "k").secret();
      assertThat(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"ep-1\","
          + "\"payload\":{\"summary\":\"Queue stuck\",\"source\":\"q\",\"severity\":\"critical\"}}").statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the page", () -> !receiver.received().isEmpty(), 10);
      String ackUrl = Json.parse(receiver.received().get(0).body()).path("ack_url").asText();
      long incidentId = t.incidents().get(0).id();
      assertThat(get(t, ackUrl).statusCode()).as("the link works in its own episode").isEqualTo(200);

      t.apiJson("POST", "/api/v1/incidents/" + incidentId + "/resolve", null);
      JsonNode reopened = t.apiJson("POST", "/api/v1/incidents/" + incidentId + "/reopen", null);
      assertThat(reopened.path("episode").asInt()).isEqualTo(2);

      HttpResponse<String> shown = get(t, ackUrl);
      assertThat(shown.statusCode()).isEqualTo(410);
      assertThat(Json.parse(shown.body()).path("detail").asText()).startsWith("this link is for an earlier episode of the incident");
      HttpResponse<String> clicked = t.send(HttpRequest.newBuilder(URI.create(ackUrl)).POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(clicked.statusCode()).isEqualTo(410);
      assertThat(Json.parse(clicked.body()).path("error").asText()).isEqualTo("earlier_episode");
      assertThat(t.hush().incidents().require(incidentId).status().dbValue()).as("the reopened incident is not acknowledged").isEqualTo("triggered");

      HttpResponse<String> page = t.send(HttpRequest.newBuilder(URI.create(ackUrl)).header("Accept", "text/html").GET());
      assertThat(page.body()).as("what a person clicking it sees").contains("this link is for an earlier episode of the incident");
    }
  }

  private static HttpResponse<String> get(TestHush t, String url) {
    return t.send(HttpRequest.newBuilder(URI.create(url)).GET());
  }
}

package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Requests are logged by route template; no log line ever holds an integration key, whatever answer it got. */
class RequestLogTest {
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Logger requests;
  private Level requestsLevel;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    requests = (Logger) LoggerFactory.getLogger(RequestLog.NAME);
    requestsLevel = requests.getLevel();
    requests.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    requests.setLevel(requestsLevel);
  }

  @Test
  void keysInPathsQueriesAndBodiesNeverReachTheLog() {
    String unknown = "unknownKey0123456789abcdefXYZ";
    String key;
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      key = t.serviceWithKey("checkout");
      String am = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
          + "\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"},\"fingerprint\":\"f1\"}]}";
      assertThat(t.postJson("/v2/enqueue", trigger(key)).statusCode()).isEqualTo(202);
      assertThat(t.postJson("/v2/enqueue", trigger(unknown)).statusCode()).isEqualTo(404);
      assertThat(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"explode\"}").statusCode()).isEqualTo(400);
      assertThat(t.postJson("/v2/change/enqueue", "{\"routing_key\":\"" + key + "\",\"payload\":{\"summary\":\"deploy\"}}").statusCode())
          .isEqualTo(202);
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + key, am).statusCode()).isEqualTo(200);
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + unknown, am).statusCode()).isEqualTo(404);
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + key, "{").statusCode()).isEqualTo(400);
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + key + "/more", am).statusCode()).isEqualTo(404);
      assertThat(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=backup+failed").statusCode())
          .isEqualTo(200);
      assertThat(t.post("/api/v2/generic/incoming?token=" + unknown, "application/x-www-form-urlencoded", "summary=x").statusCode())
          .isEqualTo(404);
      assertThat(t.postJson("/api/v2/generic/incoming/" + key, "{\"summary\":\"cron failed\"}").statusCode()).isEqualTo(200);
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v2/generic/incoming")).header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"x\"}"))).statusCode())
          .isEqualTo(200);
      t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/ack/" + unknown)));

      t.hush().db().close();
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + unknown, am).statusCode()).isEqualTo(500);
      assertThat(t.api("GET", "/api/v1/incidents?token=" + unknown, null).statusCode()).isEqualTo(500);
    }

    List<String> lines = captured.list.stream().map(RequestLogTest::render).toList();
    String all = String.join("\n", lines);
    assertThat(all).doesNotContain(key).doesNotContain(unknown);
    List<String> routes = lines.stream().filter(l -> l.startsWith("request ")).collect(Collectors.toList());
    assertThat(routes).anySatisfy(l -> assertThat(l).contains("route=/v2/enqueue", "status=202"))
        .anySatisfy(l -> assertThat(l).contains("route=/v2/enqueue", "status=404"))
        .anySatisfy(l -> assertThat(l).contains("route=/api/v1/integrations/alertmanager/{key}", "status=200"))
        .anySatisfy(l -> assertThat(l).contains("route=/api/v1/integrations/alertmanager/{key}", "status=500"))
        .anySatisfy(l -> assertThat(l).contains("route=/api/v2/generic/incoming/{key}", "status=200"))
        .anySatisfy(l -> assertThat(l).contains("route=/ack/{token}"))
        .anySatisfy(l -> assertThat(l).contains("route=(no route)", "status=404"))
        .anySatisfy(l -> assertThat(l).contains("route=/api/v1/incidents", "status=500"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("unhandled error on POST /api/v1/integrations/alertmanager/{key}"));
  }

  private static String trigger(String key) {
    return "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"disk\","
        + "\"payload\":{\"summary\":\"Disk full\",\"source\":\"db-1\",\"severity\":\"critical\"}}";
  }

  /** All a log line can carry: the message, its key=value pairs and its stack trace. */
  private static String render(ILoggingEvent e) {
    StringBuilder s = new StringBuilder(e.getFormattedMessage());
    if (e.getKeyValuePairs() != null) {
      e.getKeyValuePairs().forEach(kv -> s.append(' ').append(kv.key).append('=').append(kv.value));
    }
    if (e.getThrowableProxy() != null) {
      s.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    return s.toString();
  }
}

package dev.hush.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.Hush;
import dev.hush.core.Json;
import dev.hush.services.ServiceCatalog;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live traffic once it serves: synthetic PagerDuty events through the same ingest path
 * the HTTP endpoint uses. They use {@link Story#LIVE_ALERTS}, which no action item of the year is
 * linked to, so today's alerts never turn a fixed rule's proof into "recurred".
 */
public final class DemoStream {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStream.class);

  private DemoStream() {}

  /** Sends an event every {@code meanSeconds} on average until the thread is interrupted; a third of them resolve. */
  public static void run(Hush hush, int meanSeconds) {
    Random random = ThreadLocalRandom.current();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Math.max(1, (long) (random.nextDouble() * 2 * meanSeconds * 1000)));
        Story.Alert a = Story.LIVE_ALERTS.get(random.nextInt(Story.LIVE_ALERTS.size()));
        var service = hush.services().byName(a.service());
        if (service.isEmpty()) {
          // A store made by an earlier demo may lack this service.
          continue;
        }
        boolean resolve = random.nextInt(3) == 0;
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("routing_key", "demo");
        body.put("event_action", resolve ? "resolve" : "trigger");
        body.put("dedup_key", a.dedupKey());
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", a.summary());
        payload.put("source", a.service() + "-" + (1 + random.nextInt(3)));
        payload.put("severity", a.severity());
        payload.putObject("custom_details").put("alertname", a.rule());
        hush.ingest().pagerDuty(new ServiceCatalog.Route(-1, service.get()), body);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("demo alert failed: {}", e.toString());
      }
    }
  }
}

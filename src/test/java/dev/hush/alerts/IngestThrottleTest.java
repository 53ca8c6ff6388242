package dev.hush.alerts;

import dev.hush.core.ClientAddresses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unknown keys are throttled per client address; the ingest rate limit holds per service, however many keys it has. */
class IngestThrottleTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void unknownKeysFromOneAddressGet429AfterABurstWhileKnownKeysStillWork(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      List<Integer> statuses = new ArrayList<>();
      HttpResponse<String> limited = null;
      for (int i = 0; i < 3 * AlertIngest.UNKNOWN_KEYS_PER_MINUTE && limited == null; i++) {
        String guess = "guessedKey" + i + "xxxxxxxxxxxxxxxxxxxxxx";
        HttpResponse<String> r = i % 2 == 0 ? t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(guess, "d", "s"))
            : t.postJson("/api/v1/integrations/alertmanager/" + guess, "{}");
        statuses.add(r.statusCode());
        if (r.statusCode() == 429) {
          limited = r;
        }
      }
      assertThat(limited).as("the burst of unknown keys is exhausted").isNotNull();
      assertThat(statuses.subList(0, statuses.size() - 1)).as("told the key is unknown until then").allMatch(s -> s == 404)
          .hasSizeBetween(AlertIngest.UNKNOWN_KEYS_PER_MINUTE, AlertIngest.UNKNOWN_KEYS_PER_MINUTE + 1);
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
      assertThat(Json.parse(limited.body()).path("error").asText()).isEqualTo("rate_limited");
      assertThat(Json.parse(limited.body()).path("field").asText()).isEqualTo("routing_key");
      HttpResponse<String> generic = t.post("/api/v2/generic/incoming?token=anotherGuess0000000000000", "application/x-www-form-urlencoded",
          "summary=x");
      assertThat(generic.statusCode()).as("one bucket per address, whatever the format").isEqualTo(429);

      assertThat(t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(key, "real", "Disk full")).statusCode())
          .as("a known key from the same address is not held back").isEqualTo(202);
      assertThat(t.incidents()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void moreKeysForOneServiceDoNotRaiseItsRateLimit(StoreKind store) {
    try (TestHush t = TestHush.start(store, 60)) {
      long serviceId = t.hush().services().create("noisy", "", t.team(), null, false).id();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        keys.add(t.hush().services().createKey(serviceId, "k" + i).secret());
      }
      String other = t.serviceWithKey("quiet");
      int accepted = 0;
      HttpResponse<String> limited = null;
      for (int i = 0; i < 40 && limited == null; i++) {
        HttpResponse<String> r = t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(keys.get(i % keys.size()), "k" + i, "s"));
        if (r.statusCode() == 429) {
          limited = r;
        } else {
          assertThat(r.statusCode()).isEqualTo(202);
          accepted++;
        }
      }
      assertThat(limited).isNotNull();
      assertThat(accepted).as("one burst of 10 for the service, not one per key").isBetween(10, 12);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(other, "q", "s")).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void anIpv6HostIsOneAddressAcrossItsSlash64() {
    assertThat(ClientAddresses.bucket("[2001:db8:1:2::1]")).isEqualTo(ClientAddresses.bucket("2001:db8:1:2:ffff::9"))
        .isNotEqualTo(ClientAddresses.bucket("2001:db8:1:3::1"));
    assertThat(ClientAddresses.bucket("192.0.2.7")).isEqualTo("192.0.2.7").isNotEqualTo(ClientAddresses.bucket("192.0.2.8"));
    assertThat(ClientAddresses.bucket("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(ClientAddresses.bucket("fe80::1%eth0")).isEqualTo(ClientAddresses.bucket("fe80::2"));
  }

  @Test
  void beyondItsSizeTheLimiterPutsNewcomersInOneSharedBucket() {
    AtomicLong now = new AtomicLong();
    RateLimiter<String> limiter = new RateLimiter<>(60, 2, 3, now::get);
    for (String address : List.of("a", "b", "c")) {
      assertThat(limiter.acquire(address)).isZero();
      assertThat(limiter.acquire(address)).isZero();
      assertThat(limiter.acquire(address)).as(address + " used its burst").isPositive();
    }
    assertThat(limiter.acquire("d")).isZero();
    assertThat(limiter.acquire("e")).isZero();
    assertThat(limiter.acquire("f")).as("d, e and f share the overflow bucket").isPositive();
    now.addAndGet(5_000_000_000L);
    assertThat(limiter.acquire("g")).as("refilled buckets are dropped, so g gets its own").isZero();
    assertThat(limiter.acquire("g")).isZero();
  }
}

package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Problem;
import dev.hush.core.SecretBox;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Provider credentials (webhook, Slack and Teams URLs, signing secrets, SMS and voice accounts) are
 * stored sealed with the secret key; rows from before are sealed on start; a store sealed with
 * another key does not start.
 */
class SecretsAtRestTest {

  private static String column(TestHush t, String column, String name) {
    return t.text("SELECT " + column + " FROM contact_methods WHERE name = :v", name);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void credentialsAreStoredSealedAndStillWork(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.start(store)) {
      JsonNode hook = t.apiJson("POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"webhook\",\"name\":\"hook\",\"address\":\"" + receiver.url("/hook/path-token-7") + "\"}");
      String signingSecret = hook.path("signing_secret").asText();
      t.apiJson("POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"slack\",\"name\":\"room\",\"address\":\"" + receiver.url("/services/T0/B0/slack-token-9") + "\"}");
      t.apiJson("POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"sms\",\"name\":\"phone\",\"address\":\"+491701234567\",\"secret\":\"AC77:auth-token-5\"}");

      assertThat(column(t, "address", "hook")).startsWith("hs1:").doesNotContain("path-token-7", "127.0.0.1");
      assertThat(column(t, "secret", "hook")).startsWith("hs1:").doesNotContain(signingSecret);
      assertThat(column(t, "address", "room")).startsWith("hs1:").doesNotContain("slack-token-9");
      assertThat(column(t, "secret", "phone")).startsWith("hs1:").doesNotContain("auth-token-5", "AC77");
      assertThat(t.apiJson("GET", "/api/v1/me/contact-methods", null).findValuesAsText("address"))
          .as("the owner reads them in the clear").contains(receiver.url("/hook/path-token-7"), "+491701234567");

      long hookId = hook.path("contact_method").path("id").asLong();
      assertThat(t.apiJson("POST", "/api/v1/me/contact-methods/" + hookId + "/test", null).path("result").asText()).isEqualTo("sent");
      LoopbackReceiver.Received got = receiver.received().get(0);
      assertThat(got.path()).isEqualTo("/hook/path-token-7");
      assertThat(got.header("X-Hush-Signature")).isEqualTo("sha256=" + WebhookChannel.sign(signingSecret, got.header("X-Hush-Timestamp") + "."
          + got.body()));

      // The shared ack-link key is sealed too, once made (here by checking a link).
      assertThatThrownBy(() -> t.hush().notifications().ackGrant("not.a-link")).isInstanceOf(Problem.class);
      assertThat(t.count("SELECT COUNT(*) FROM node_secrets WHERE name = :v", "ack_link_key")).isEqualTo(1);
      assertThat(t.count("SELECT COUNT(*) FROM node_secrets WHERE value NOT LIKE :v", "hs1:%")).as("every shared secret sealed").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void rowsStoredInPlaintextBeforeAreSealedOnStartAndStillWork(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.start(store)) {
      // As a version before sealing wrote them.
      t.hush().db().useTransaction(h -> {
        h.createUpdate("""
                INSERT INTO contact_methods (user_id, kind, name, address, secret, created_at) VALUES (:u, 'webhook', 'old', :a, 'whsec_old', 0)""")
            .bind("u", t.admin().id()).bind("a", receiver.url("/old-hook")).execute();
        h.execute("INSERT INTO node_secrets (name, value, created_at) VALUES ('old_shared', 'plain-shared-secret', 0)");
      });
      assertThat(column(t, "address", "old")).isEqualTo(receiver.url("/old-hook"));

      try (Hush restarted = t.anotherNode()) {
        assertThat(column(t, "address", "old")).startsWith("hs1:").doesNotContain("old-hook");
        assertThat(column(t, "secret", "old")).startsWith("hs1:").doesNotContain("whsec_old");
        assertThat(t.text("SELECT value FROM node_secrets WHERE name = :v", "old_shared")).startsWith("hs1:");
        assertThat(t.count("SELECT COUNT(*) FROM contact_methods WHERE address NOT LIKE :v OR secret NOT LIKE :v", "hs1:%")).isZero();

        ContactMethod old = restarted.notifications().contactMethods(t.admin().id()).get(0);
        assertThat(old.address()).isEqualTo(receiver.url("/old-hook"));
        assertThat(old.secret()).isEqualTo("whsec_old");
        assertThat(restarted.notifications().test(t.admin().id(), old.id())).isEqualTo("sent");
        LoopbackReceiver.Received got = receiver.received().get(0);
        assertThat(got.header("X-Hush-Signature")).isEqualTo("sha256=" + WebhookChannel.sign("whsec_old", got.header("X-Hush-Timestamp") + "."
            + got.body()));
      }
      String sealed = column(t, "address", "old");
      try (Hush again = t.anotherNode()) {
        assertThat(column(t, "address", "old")).as("a sealed row is left as it is").isEqualTo(sealed);
        assertThat(again.notifications().contactMethods(t.admin().id()).get(0).address()).isEqualTo(receiver.url("/old-hook"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStoreSealedWithAnotherKeyDoesNotStart(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.start(store)) {
      t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.WEBHOOK, "hook", receiver.url("/hook"), null);
      String sealed = column(t, "address", "hook");
      HushConfig c = t.hush().config();
      HushConfig otherKey = new HushConfig(c.databaseUrl(), c.databaseSchema(), "127.0.0.1", 0, c.baseUrl(), 0, false, "test-node-2",
          c.delivery(), c.allowedTargets(), SecretBox.fromBase64(SecretBox.newKey()));
      assertThatThrownBy(() -> Hush.open(otherKey, Clock.systemUTC()).close()).isInstanceOfSatisfying(Problem.class, p -> {
        assertThat(p.field()).isEqualTo("HUSH_SECRET_KEY");
        assertThat(p.detail()).contains("sealed with another secret key", "restore the key file");
      });
      assertThat(column(t, "address", "hook")).isEqualTo(sealed);
      assertThat(t.hush().notifications().contactMethods(t.admin().id()).get(0).address()).isEqualTo(receiver.url("/hook"));
    }
  }
}

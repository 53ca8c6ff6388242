package dev.hush.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing and opening secrets, and the key file made on first start. */
class SecretBoxTest {

  @Test
  void aSealedSecretOpensWithItsKeyOnlyAndPlaintextFromBeforeIsRecognised() {
    String key = SecretBox.newKey();
    SecretBox box = SecretBox.fromBase64(key);
    String url = "https://hooks.slack.com/services/T0/B0/xoxb-very-secret";
    String sealed = box.encrypt(url);
    assertThat(sealed).startsWith("hs1:").doesNotContain("slack", "secret");
    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(box.encrypt(url)).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThat(box.decrypt(sealed)).isEqualTo(url);
    assertThat(box.decrypt(box.encrypt(""))).isEmpty();
    assertThat(box.encrypt(null)).isNull();

    assertThat(SecretBox.isSealed(url)).isFalse();
    assertThat(box.decrypt(url)).as("a row written before sealing comes back as it is").isEqualTo(url);

    SecretBox other = SecretBox.fromBase64(SecretBox.newKey());
    assertThatThrownBy(() -> other.decrypt(sealed)).isInstanceOf(IllegalStateException.class).hasMessageContaining("another key");
    byte[] raw = Base64.getDecoder().decode(sealed.substring(4));
    raw[raw.length - 1] ^= 1;
    assertThatThrownBy(() -> box.decrypt("hs1:" + Base64.getEncoder().encodeToString(raw))).as("altered")
        .isInstanceOf(IllegalStateException.class);
    assertThat(box.toString()).doesNotContain(key);
  }

  @Test
  void theKeyMustBeBase64OfThirtyTwoBytes() {
    assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("base64 of 32");
    assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16]))).hasMessageContaining("not 16");
  }

  @Test
  void theKeyFileIsMadeOnceReadableByItsOwnerOnlyAndReadAfterwards(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data").resolve(KeyFile.NAME);
    SecretBox first = KeyFile.readOrCreate(file);
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    String sealed = first.encrypt("whsec_abc");
    assertThat(KeyFile.readOrCreate(file).decrypt(sealed)).as("the same key on the next start").isEqualTo("whsec_abc");
    try (var left = Files.list(file.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(KeyFile.NAME);
    }

    Files.writeString(file, "short\n");
    assertThatThrownBy(() -> KeyFile.readOrCreate(file)).hasMessageContaining(file.toString()).hasMessageContaining("base64 of 32");
  }
}

package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hush.core.Problem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;

/** Which targets a page may reach: public addresses, and what the operator's allow-list names. */
class TargetGuardTest {

  /** Names only this table knows, as a DNS zone would answer them (no resolver of the machine knows them). */
  private static TargetGuard guard(AllowedTargets allowed, Map<String, String[]> zone) {
    return new TargetGuard(allowed, host -> {
      String[] answer = zone.get(host);
      if (answer == null) {
        throw new UnknownHostException(host);
      }
      InetAddress[] addresses = new InetAddress[answer.length];
      for (int i = 0; i < answer.length; i++) {
        addresses[i] = AllowedTargets.literal(answer[i]);
      }
      return addresses;
    }, HttpsURLConnection.getDefaultSSLSocketFactory());
  }

  private static String reason(String literal) {
    return TargetGuard.blockedReason(AllowedTargets.literal(literal));
  }

  @Test
  void nonPublicAddressesAreNamedForWhatTheyAre() {
    assertThat(reason("127.0.0.1")).isEqualTo("loopback");
    assertThat(reason("127.8.9.10")).isEqualTo("loopback");
    assertThat(reason("::1")).isEqualTo("loopback");
    assertThat(reason("10.1.2.3")).isEqualTo("private");
    assertThat(reason("172.16.0.1")).isEqualTo("private");
    assertThat(reason("172.31.255.255")).isEqualTo("private");
    assertThat(reason("192.168.1.1")).isEqualTo("private");
    assertThat(reason("fd12:3456::1")).isEqualTo("private");
    assertThat(reason("fc00::1")).isEqualTo("private");
    assertThat(reason("100.64.0.1")).isEqualTo("shared (CGNAT)");
    assertThat(reason("100.127.255.254")).isEqualTo("shared (CGNAT)");
    assertThat(reason("169.254.169.254")).as("cloud metadata").isEqualTo("link-local");
    assertThat(reason("fe80::1")).isEqualTo("link-local");
    assertThat(reason("0.0.0.0")).isEqualTo("unspecified");
    assertThat(reason("::")).isEqualTo("unspecified");
    assertThat(reason("224.0.0.1")).isEqualTo("multicast");
    assertThat(reason("ff02::1")).isEqualTo("multicast");
    assertThat(reason("255.255.255.255")).isEqualTo("reserved");
    assertThat(reason("::ffff:10.0.0.1")).as("IPv4-mapped").isEqualTo("private");
    assertThat(reason("64:ff9b::7f00:1")).as("NAT64 of 127.0.0.1").isEqualTo("loopback");
    assertThat(reason("2002:a9fe:a9fe::1")).as("6to4 of 169.254.169.254").isEqualTo("link-local");
    assertThat(reason("::127.0.0.1")).as("IPv4-compatible").isNotNull();

    assertThat(reason("93.184.216.34")).isNull();
    assertThat(reason("172.32.0.1")).isNull();
    assertThat(reason("100.128.0.1")).isNull();
    assertThat(reason("2606:4700::1111")).isNull();
  }

  @Test
  void everyAddressANameResolvesToIsCheckedAndThePageGoesToExactlyThose() throws Exception {
    TargetGuard guard = guard(AllowedTargets.NONE, Map.of(
        "hooks.example", new String[] {"93.184.216.34", "2606:4700::1111"},
        "rebind.example", new String[] {"93.184.216.34", "10.0.0.7"},
        "meta.example", new String[] {"169.254.169.254"}));
    TargetGuard.Destination d = guard.resolve("https://hooks.example/services/T0/B0/x?y=1");
    assertThat(d.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34", "2606:4700:0:0:0:0:0:1111");
    assertThat(d.host()).isEqualTo("hooks.example");
    assertThat(d.port()).isEqualTo(443);
    assertThat(d.tls()).isInstanceOf(PinnedTls.class);
    assertThat(guard.resolve("https://HOOKS.example./other").tls()).as("one TLS factory per name, so kept connections stay per name")
        .isSameAs(d.tls());

    assertThatThrownBy(() -> guard.resolve("https://rebind.example/hook")).as("one private address among public ones")
        .isInstanceOf(TargetGuard.Refused.class).hasMessageContaining("rebind.example resolves to a private address");
    assertThatThrownBy(() -> guard.resolve("http://meta.example/latest/meta-data")).hasMessageContaining("link-local");
    assertThatThrownBy(() -> guard.resolve("http://[::1]:8080/")).hasMessageContaining("[::1] is a loopback address");
    assertThatThrownBy(() -> guard.resolve("ftp://hooks.example/")).hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> guard.resolve("http://nowhere.example/")).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void spellingsOfLoopbackThatTheSystemResolverUnderstandsAreCheckedByWhatTheyResolveTo() {
    TargetGuard guard = new TargetGuard(AllowedTargets.NONE);
    // (Java reads 0177.0.0.1 as 177.0.0.1, and that is then where the page goes: what is checked is what is connected to.)
    for (String url : new String[] {"http://localhost:8080/", "http://0x7f.1/", "http://2130706433/", "http://127.1/",
        "http://[::ffff:127.0.0.1]/", "http://LOCALHOST./"}) {
      assertThat(catchThrowable(() -> guard.resolve(url))).as(url).isInstanceOfAny(TargetGuard.Refused.class, UnknownHostException.class);
    }
  }

  @Test
  void theSaveTimeCheckIsABadRequestNamingTheAddress() {
    TargetGuard guard = guard(AllowedTargets.NONE, Map.of("intranet.example", new String[] {"192.168.10.20"}));
    assertThatThrownBy(() -> guard.check("address", "https://intranet.example/hook")).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.field()).isEqualTo("address");
      assertThat(p.detail()).contains("private address", "HUSH_ALLOWED_TARGETS").doesNotContain("192.168");
    });
    assertThatThrownBy(() -> guard.check("address", "https://nowhere.example/hook")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.detail()).isEqualTo("nowhere.example does not resolve"));
  }

  @Test
  void theOperatorAllowsNetworksAndHostsWithOrWithoutAPort() throws Exception {
    Map<String, String[]> zone = Map.of("ntfy.lan", new String[] {"192.168.1.5"}, "hooks.internal", new String[] {"10.9.8.7"},
        "db.internal", new String[] {"10.20.0.5"});
    TargetGuard guard = guard(AllowedTargets.parse(" 10.9.0.0/16, ntfy.lan , hooks.internal:8443,[fd00::5]:80"), zone);
    assertThat(guard.resolve("http://ntfy.lan/topic").addresses()).extracting(InetAddress::getHostAddress).containsExactly("192.168.1.5");
    assertThat(guard.resolve("http://NTFY.lan:8080/topic").port()).as("a host without a port: any port").isEqualTo(8080);
    assertThat(guard.resolve("https://hooks.internal/hook").port()).as("in an allowed network").isEqualTo(443);
    assertThat(guard.resolve("http://10.9.0.1/").addresses()).hasSize(1);
    assertThat(guard.resolve("http://[fd00::5]/").port()).isEqualTo(80);
    assertThatThrownBy(() -> guard.resolve("http://[fd00::5]:81/")).hasMessageContaining("private");
    assertThatThrownBy(() -> guard.resolve("http://db.internal/")).as("10.20/16 is not 10.9/16").hasMessageContaining("private");
    assertThatThrownBy(() -> guard.resolve("http://127.0.0.1/")).hasMessageContaining("loopback");

    TargetGuard portOnly = guard(AllowedTargets.parse("ntfy.lan:8080"), zone);
    assertThat(portOnly.resolve("http://ntfy.lan:8080/t").port()).isEqualTo(8080);
    assertThatThrownBy(() -> portOnly.resolve("http://ntfy.lan/t")).as("port 80 is not 8080").hasMessageContaining("private");
  }

  @Test
  void aMalformedAllowListIsRefusedNamingTheEntry() {
    assertThat(AllowedTargets.parse("  ").toString()).isEmpty();
    assertThatThrownBy(() -> AllowedTargets.parse("10.0.0.0/8, 10.0.0.0/33")).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.field()).isEqualTo("allowed_targets");
      assertThat(p.detail()).contains("'10.0.0.0/33'");
    });
    assertThatThrownBy(() -> AllowedTargets.parse("ntfy.lan:http")).hasMessageContaining("'ntfy.lan:http'");
    assertThatThrownBy(() -> AllowedTargets.parse("https://ntfy.lan")).hasMessageContaining("'https://ntfy.lan'");
    assertThatThrownBy(() -> AllowedTargets.parse("host name")).hasMessageContaining("'host name'");
  }
}

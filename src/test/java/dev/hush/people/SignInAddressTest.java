package dev.hush.people;

import dev.hush.core.ClientAddresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignInAddressTest {

  @Test
  void withoutATrustedProxyTheSocketsPeerIsTheClientWhateverTheHeadersSay() {
    ClientAddress none = new ClientAddress(Set.of());
    assertThat(none.of("192.0.2.10", List.of("203.0.113.7"))).isEqualTo("192.0.2.10");
    assertThat(none.of("192.0.2.10", List.of())).isEqualTo("192.0.2.10");
  }

  @Test
  void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
    ClientAddress proxies = new ClientAddress(Set.of("10.0.0.1", "10.0.0.2"));
    assertThat(proxies.of("10.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    assertThat(proxies.of("10.0.0.1", List.of("6.6.6.6, 203.0.113.7, 10.0.0.2"))).as("two proxies in a row").isEqualTo("203.0.113.7");
    assertThat(proxies.of("10.0.0.1", List.of("6.6.6.6", "203.0.113.7:5123"))).as("several headers, a port").isEqualTo("203.0.113.7");
    assertThat(proxies.of("10.0.0.1", List.of("garbage, 10.0.0.2"))).as("not an address: the last trusted hop").isEqualTo("10.0.0.2");
    assertThat(proxies.of("10.0.0.1", List.of())).as("no header").isEqualTo("10.0.0.1");
    assertThat(proxies.of("192.0.2.10", List.of("203.0.113.7"))).as("not from a proxy").isEqualTo("192.0.2.10");
    assertThat(proxies.of("10.0.0.1", List.of("1.2.3.999"))).as("an impossible octet is no address (and never looked up)")
        .isEqualTo("10.0.0.1");
  }

  @Test
  void aTrustedProxyMustBeAnAddressAndIPv6CountsPerSlash64() {
    assertThatThrownBy(() -> new ClientAddress(Set.of("proxy.example"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new ClientAddress(Set.of("::1")).of("0:0:0:0:0:0:0:1", List.of("[2001:db8::5]"))).isEqualTo("2001:db8:0:0:0:0:0:5");
    assertThat(ClientAddresses.bucket("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddresses.bucket("2001:db8:1:2:bbbb::9"))
        .isEqualTo("20010db800010002/64");
    assertThat(ClientAddresses.bucket("2001:db8:1:3::1")).isNotEqualTo(ClientAddresses.bucket("2001:db8:1:2::1"));
    assertThat(ClientAddresses.bucket("192.0.2.10")).isEqualTo("192.0.2.10");
  }
}

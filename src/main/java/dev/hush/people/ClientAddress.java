package dev.hush.people;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is at the other end of a request, for the sign-in throttles. It is the socket's peer
 * address, unless that peer is a configured reverse proxy: then it is the right-most address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy (the left part of that header is
 * whatever the client chose to send, so it is never believed).
 */
final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}):\\d{1,5}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

  private final Set<InetAddress> trusted = new HashSet<>();

  ClientAddress(Set<String> trustedProxies) {
    for (String proxy : trustedProxies) {
      trusted.add(literal(proxy).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + proxy)));
    }
  }

  /** {@code forwardedFor}: every {@code X-Forwarded-For} header of the request, in order. */
  String of(String socketAddress, List<String> forwardedFor) {
    Optional<InetAddress> peer = literal(socketAddress);
    if (peer.isEmpty()) {
      return socketAddress;
    }
    InetAddress client = peer.get();
    if (trusted.contains(client)) {
      List<String> hops = forwardedFor.stream().flatMap(h -> Arrays.stream(h.split(","))).map(String::strip).toList();
      for (int i = hops.size() - 1; i >= 0 && trusted.contains(client); i--) {
        Optional<InetAddress> hop = literal(hops.get(i));
        if (hop.isEmpty()) {
          break;
        }
        client = hop.get();
      }
    }
    return client.getHostAddress();
  }

  /** An IP literal (with or without brackets or a port); never a name, so never a DNS lookup. */
  static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.startsWith("[") && s.contains("]")) {
      s = s.substring(1, s.indexOf(']'));
    }
    var withPort = IPV4_WITH_PORT.matcher(s);
    if (withPort.matches()) {
      s = withPort.group(1);
    }
    try {
      if (IPV4.matcher(s).matches()) {
        String[] parts = s.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(parts[i]);
          if (octet > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      // In brackets, a text with a colon is parsed as an IPv6 literal or refused, never looked up.
      return IPV6.matcher(s).matches() ? Optional.of(InetAddress.getByName("[" + s + "]")) : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

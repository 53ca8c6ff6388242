package dev.hush.notify;

import dev.hush.core.Problem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator's exceptions to the rule that webhook, Slack, Teams and ntfy pages go to public
 * addresses only: a comma list of networks ({@code 10.1.0.0/16}, {@code fd00::/8}, or one address,
 * {@code 192.168.1.5}) and host names with an optional port ({@code ntfy.lan},
 * {@code hooks.internal:8443}, {@code [fd00::5]:80}). A network permits the addresses in it; a host
 * name permits that name whatever it resolves to. Read once at start-up (HUSH_ALLOWED_TARGETS or
 * {@code --allowed-targets}).
 */
public final class AllowedTargets {
  /** Public addresses only. */
  public static final AllowedTargets NONE = new AllowedTargets(List.of(), List.of(), "");

  private final List<Network> networks;
  private final List<HostPort> hosts;
  private final String text;

  private AllowedTargets(List<Network> networks, List<HostPort> hosts, String text) {
    this.networks = networks;
    this.hosts = hosts;
    this.text = text;
  }

  /** A network in CIDR form; {@code address} holds its first address's bytes. */
  record Network(byte[] address, int prefix) {
    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != address.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != address[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      return rest == 0 || ((b[full] ^ address[full]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    /** {@code "10.0.0.0/8"}, or one address as a /32 (/128); null when {@code s} is no such thing. */
    static Network parse(String s) {
      int slash = s.indexOf('/');
      InetAddress a = literal(slash < 0 ? s : s.substring(0, slash));
      if (a == null) {
        return null;
      }
      int bits = a.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      return prefix < 0 || prefix > bits ? null : new Network(a.getAddress(), prefix);
    }
  }

  /** A host name (lower case, no trailing dot), and a port or -1 for any. */
  record HostPort(String host, int port) {}

  /**
   * Parses the operator's list; blank is {@link #NONE}. A malformed entry is refused with the
   * entry named, so a typo cannot silently open (or close) a target.
   */
  public static AllowedTargets parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Network> networks = new ArrayList<>();
    List<HostPort> hosts = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      Network n = Network.parse(entry);
      if (n != null) {
        networks.add(n);
        continue;
      }
      if (entry.contains("/")) {
        throw invalid(entry, "is not a network in CIDR form (10.0.0.0/8, fd00::/8)");
      }
      HostPort hp = hostPort(entry);
      if (hp == null) {
        throw invalid(entry, "is neither a network (10.0.0.0/8) nor a host[:port] (ntfy.lan:8080)");
      }
      hosts.add(hp);
    }
    return new AllowedTargets(List.copyOf(networks), List.copyOf(hosts), list.strip());
  }

  private static HostPort hostPort(String entry) {
    String host = entry;
    int port = -1;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = entry.substring(1, close);
      String after = entry.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          return null;
        }
        port = port(after.substring(1));
      }
      return literal(host) == null || (port == -2) ? null : new HostPort(normalise(host), port);
    }
    int colon = entry.lastIndexOf(':');
    if (colon >= 0) {
      if (entry.indexOf(':') != colon) {
        return null;
      }
      host = entry.substring(0, colon);
      port = port(entry.substring(colon + 1));
    }
    if (port == -2 || !host.matches("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?\\.?")) {
      return null;
    }
    return new HostPort(normalise(host), port);
  }

  /** The port, or -2 when it is not one. */
  private static int port(String s) {
    try {
      int p = Integer.parseInt(s);
      return p >= 1 && p <= 65535 ? p : -2;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  private static Problem invalid(String entry, String why) {
    return Problem.invalid("allowed_targets", "'" + entry + "' " + why);
  }

  /** An IP address literal, never looked up in DNS; null for anything else. */
  static InetAddress literal(String s) {
    boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      // getByName does no lookup for a literal; the patterns above keep names away from it.
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** How host names compare: lower case, without the root's trailing dot, IPv6 without brackets. */
  static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Whether the operator permits this host name (as the URL writes it) on this port. */
  boolean permitsHost(String host, int port) {
    String h = normalise(host);
    InetAddress asLiteral = literal(h);
    for (HostPort hp : hosts) {
      boolean sameHost = hp.host().equals(h) || (asLiteral != null && asLiteral.equals(literal(hp.host())));
      if (sameHost && (hp.port() == -1 || hp.port() == port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the operator permits this address. */
  boolean permitsAddress(InetAddress address) {
    return networks.stream().anyMatch(n -> n.contains(address));
  }

  /** The list as the operator wrote it. */
  @Override
  public String toString() {
    return text;
  }
}

package dev.hush.notify;

import dev.hush.core.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where a webhook, Slack, Teams or ntfy page may go (SSRF): a person's URL must not reach Hush's
 * own network. The host is resolved once, every address it resolves to is checked, and the page
 * goes to exactly those addresses ({@link Destination}): never through a second lookup, which a
 * DNS-rebinding name could answer with another address than the one checked. An address is fine
 * when it is public, or in a network the operator allows, or the URL's host is one the operator
 * allows ({@link AllowedTargets}). Checked when a contact method is saved and again at every send.
 */
final class TargetGuard {
  /** Turns a host name into addresses; the JDK's resolver, or a fixed table in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A checked target: the URL as written, and the addresses it was checked at, to connect to in order. */
  record Destination(URI uri, String host, int port, List<InetAddress> addresses, SSLSocketFactory tls) {
    boolean https() {
      return "https".equals(uri.getScheme());
    }
  }

  /** A target that is not allowed; a permanent refusal at send time, a 400 naming the field when saved. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  private static final Map<AllowedTargets.Network, String> BLOCKED = new LinkedHashMap<>();

  static {
    block("unspecified", "0.0.0.0/8", "::/128");
    block("loopback", "127.0.0.0/8", "::1/128");
    block("private", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10");
    block("shared (CGNAT)", "100.64.0.0/10");
    block("link-local", "169.254.0.0/16", "fe80::/10");
    block("multicast", "224.0.0.0/4", "ff00::/8");
    block("reserved", "240.0.0.0/4", "192.0.0.0/24", "198.18.0.0/15", "::/96", "100::/64");
  }

  private static void block(String reason, String... networks) {
    for (String n : networks) {
      BLOCKED.put(AllowedTargets.Network.parse(n), reason);
    }
  }

  /** At most this many host names keep a TLS factory of their own (see {@link PinnedTls}); then the cache starts over. */
  private static final int TLS_FACTORIES = 1_024;

  private final AllowedTargets allowed;
  private final Resolver resolver;
  private final SSLSocketFactory tls;
  private final Map<String, SSLSocketFactory> tlsByHost = new ConcurrentHashMap<>();

  TargetGuard(AllowedTargets allowed) {
    this(allowed, InetAddress::getAllByName, HttpsURLConnection.getDefaultSSLSocketFactory());
  }

  TargetGuard(AllowedTargets allowed, Resolver resolver, SSLSocketFactory tls) {
    this.allowed = allowed;
    this.resolver = resolver;
    this.tls = tls;
  }

  /** The save-time check: a refusal is a 400 naming {@code field}, with the reason. */
  void check(String field, String url) {
    try {
      resolve(url);
    } catch (Refused e) {
      throw Problem.invalid(field, e.getMessage());
    } catch (UnknownHostException e) {
      throw Problem.invalid(field, hostOf(url) + " does not resolve");
    }
  }

  /**
   * Resolves the URL's host once and checks every address. Throws {@link Refused} for a target
   * that is not allowed, {@link UnknownHostException} when the name does not resolve (now).
   */
  Destination resolve(String url) throws Refused, UnknownHostException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new Refused("a URL is needed");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new Refused("an http(s) URL is needed");
    }
    String host = AllowedTargets.normalise(uri.getHost());
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    InetAddress literal = AllowedTargets.literal(host);
    InetAddress[] addresses;
    try {
      addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
    } catch (IllegalArgumentException ambiguous) {
      // The JDK refuses some spellings of addresses ("0x7f.1") outright.
      throw new Refused(uri.getHost() + " is neither a host name nor an address pages can use");
    }
    if (addresses.length == 0) {
      throw new UnknownHostException(host);
    }
    boolean hostAllowed = allowed.permitsHost(host, port);
    List<InetAddress> checked = new ArrayList<>(addresses.length);
    for (InetAddress a : addresses) {
      String reason = blockedReason(a);
      if (reason != null && !hostAllowed && !allowed.permitsAddress(a)) {
        throw new Refused(uri.getHost() + (literal != null ? " is" : " resolves to") + " a " + reason
            + " address, which pages may not reach unless the operator allows it (HUSH_ALLOWED_TARGETS)");
      }
      checked.add(a);
    }
    return new Destination(uri, uri.getHost(), port, List.copyOf(checked), scheme.equals("https") ? tlsFor(host) : null);
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String blockedReason(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 16) {
      // IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
      InetAddress embedded = null;
      if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
          || b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12)) {
        embedded = v4(b, 12);
      } else if (b[0] == 0x20 && b[1] == 0x02) {
        embedded = v4(b, 2);
      }
      if (embedded != null) {
        String inner = blockedReason(embedded);
        if (inner != null) {
          return inner;
        }
      }
    }
    for (Map.Entry<AllowedTargets.Network, String> e : BLOCKED.entrySet()) {
      if (e.getKey().contains(a)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte[] b, int at) {
    try {
      return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One TLS factory per host name, so kept-alive connections (keyed by factory) are never shared between names. */
  private SSLSocketFactory tlsFor(String host) {
    SSLSocketFactory f = tlsByHost.get(host);
    if (f == null) {
      if (tlsByHost.size() >= TLS_FACTORIES) {
        tlsByHost.clear();
      }
      f = tlsByHost.computeIfAbsent(host, h -> new PinnedTls(tls, h));
    }
    return f;
  }

  private static String hostOf(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? url : h;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}

package dev.hush.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** Which client a request's address stands for, for throttles keyed by client. */
public final class ClientAddresses {
  private static final int MAX_KEY = 254;

  private ClientAddresses() {}

  /**
   * The bucket of a client address: IPv4 as it is, IPv6 by its /64, the smallest block one host
   * is usually given, so that walking through one's own addresses earns no new burst. Anything
   * that is not an address literal stands for itself, cut to a bounded length.
   */
  public static String bucket(String address) {
    if (address == null || address.isEmpty()) {
      return "";
    }
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.indexOf(':') < 0) {
      return bounded(a);
    }
    try {
      byte[] bytes = InetAddress.getByName(a).getAddress();
      if (bytes.length != 16) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      return HexFormat.of().formatHex(bytes, 0, 8) + "/64";
    } catch (UnknownHostException notALiteral) {
      return bounded(a);
    }
  }

  private static String bounded(String s) {
    return s.length() > MAX_KEY ? s.substring(0, MAX_KEY) : s;
  }
}

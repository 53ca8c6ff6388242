package dev.hush.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for a page sent to a checked address ({@link TargetGuard}): the connection goes to the IP
 * address, and the handshake is made for the host name the URL names. It sends that name as SNI
 * and verifies the certificate against it (endpoint identification "HTTPS", done by the JDK's
 * trust manager during the handshake), exactly as a connection to the name would.
 *
 * <p>{@code HttpsURLConnection} connects a plain socket to the URL's host (here the address) and
 * then layers TLS over it through {@link #createSocket(Socket, String, int, boolean)}, with that
 * address as the host: this factory puts the real name in its place. Unconnected sockets are left
 * to the default (which makes the JDK connect a plain socket itself), and the direct
 * {@code createSocket(host, port)} forms are refused, so no connection is ever made to a name.
 */
final class PinnedTls extends SSLSocketFactory {
  private final SSLSocketFactory base;
  private final String host;

  PinnedTls(SSLSocketFactory base, String host) {
    this.base = base;
    this.host = host;
  }

  @java.lang.Override
  public Socket createSocket(Socket plain, String ignoredAddress, int port, boolean autoClose) throws IOException {
    SSLSocket s = (SSLSocket) base.createSocket(plain, host, port, autoClose);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (AllowedTargets.literal(host) == null) {
      try {
        p.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException notAnSniName) {
        // A name SNI cannot carry (say, with an underscore): the certificate is still checked against it.
      }
    }
    s.setSSLParameters(p);
    return s;
  }

  @java.lang.Override
  public Socket createSocket(String h, int port) throws IOException {
    throw refused();
  }

  @java.lang.Override
  public Socket createSocket(String h, int port, InetAddress localHost, int localPort) throws IOException {
    throw refused();
  }

  @java.lang.Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    throw refused();
  }

  @java.lang.Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    throw refused();
  }

  private static SocketException refused() {
    return new SocketException("pinned TLS layers over a connected socket only");
  }

  @java.lang.Override
  public String[] getDefaultCipherSuites() {
    return base.getDefaultCipherSuites();
  }

  @java.lang.Override
  public String[] getSupportedCipherSuites() {
    return base.getSupportedCipherSuites();
  }
}

package dev.hush.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The shared HTTP client of the webhook-style channels, and its one rule: a 2xx or it failed ({@link DeliveryRefused}). */
final class HttpChannels {
  /**
   * The client's own work (reading a reply into a string) runs on its selector thread rather than
   * being handed to a pool: no thread hop between a page leaving and the sender hearing back.
   */
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run).build();

  private HttpChannels() {}

  static void send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      String body = r.body() == null ? "" : r.body();
      throw new DeliveryRefused(r.statusCode(), "HTTP " + r.statusCode() + " from " + r.uri().getHost() + ": " + (body.length() > 200 ? body.substring(0, 200) : body));
    }
  }

  static HttpRequest.Builder postJson(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }
}

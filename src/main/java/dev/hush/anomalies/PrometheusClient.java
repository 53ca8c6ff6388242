package dev.hush.anomalies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Prometheus server's HTTP API ({@code /api/v1/query_range}, {@code /api/v1/rules}) with
 * the JDK's client, within bounded timeouts and answer sizes. Every failure is a {@link Failure}
 * whose message says what went wrong in words a team can act on.
 */
final class PrometheusClient {
  /** Prometheus refuses a range query of more points than this per series. */
  static final int MAX_POINTS = 11_000;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

  /** Why Prometheus gave no answer: {@code unreachable} (the server), or else the query was refused. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    Failure(boolean unreachable, String message) {
      super(message);
      this.unreachable = unreachable;
    }

    boolean unreachable() {
      return unreachable;
    }

    /** E.g. "Prometheus unreachable: connection refused (http://prometheus:9090)". */
    String shown() {
      return (unreachable ? "Prometheus unreachable: " : "Prometheus refused the query: ") + getMessage();
    }
  }

  /** One series of a range query's answer: its labels, and its samples by UTC epoch ms (NaN and infinities left out). */
  record Result(Map<String, String> labels, TreeMap<Long, Double> samples) {}

  /** One alerting rule as Prometheus loaded it; {@code forMs} is its {@code for:}. */
  record AlertingRule(String group, String name, String expression, long forMs, Map<String, String> labels) {}

  /**
   * The step of a range over [from, to): the finest usual step that stays within
   * {@link #MAX_POINTS}. A week is read at one minute, five weeks at five.
   */
  static long stepFor(long from, long to) {
    for (long step : new long[] {60_000, 120_000, 180_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000}) {
      if ((to - from) / step < MAX_POINTS) {
        return step;
      }
    }
    return Math.ceilDiv(to - from, MAX_POINTS * 3_600_000L) * 3_600_000L;
  }

  /** The query evaluated at every step from {@code from} to {@code to} (both UTC epoch ms, on the step). */
  List<Result> queryRange(PrometheusSource source, String promql, long from, long to, long step) throws Failure {
    String form = "query=" + enc(promql) + "&start=" + seconds(from) + "&end=" + seconds(to) + "&step=" + seconds(step);
    JsonNode data = call(source, HttpRequest.newBuilder(uri(source, "/api/v1/query_range"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new Failure(false, "expected a range of samples, got " + data.path("resultType").asText("nothing"));
    }
    List<Result> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      r.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      TreeMap<Long, Double> samples = new TreeMap<>();
      for (JsonNode point : r.path("values")) {
        double v = value(point.path(1).asText());
        if (Double.isFinite(v)) {
          samples.put(Math.round(point.path(0).asDouble() * 1000), v);
        }
      }
      out.add(new Result(labels, samples));
    }
    return out;
  }

  /** The alerting rules the server has loaded. */
  List<AlertingRule> alertingRules(PrometheusSource source) throws Failure {
    JsonNode data = call(source, HttpRequest.newBuilder(uri(source, "/api/v1/rules?type=alert")).GET());
    List<AlertingRule> out = new ArrayList<>();
    for (JsonNode g : data.path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (!"alerting".equals(r.path("type").asText())) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>();
        r.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        out.add(new AlertingRule(g.path("name").asText(), r.path("name").asText(), r.path("query").asText(),
            Math.round(r.path("duration").asDouble() * 1000), labels));
      }
    }
    return out;
  }

  private JsonNode call(PrometheusSource source, HttpRequest.Builder request) throws Failure {
    request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    String auth = source.authorization();
    if (auth != null) {
      request.header("Authorization", auth);
    }
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
    } catch (HttpTimeoutException e) {
      throw new Failure(true, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s (" + source.baseUrl() + ")");
    } catch (ConnectException e) {
      throw new Failure(true, "connection refused (" + source.baseUrl() + ")");
    } catch (IOException e) {
      throw new Failure(true, (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (" + source.baseUrl() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(true, "interrupted");
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new Failure(true, "HTTP " + status + ": check the username and password or the bearer token (" + source.baseUrl() + ")");
    }
    if (body.length > MAX_BODY) {
      throw new Failure(false, "the answer is larger than " + MAX_BODY / (1024 * 1024) + " MB; narrow the query");
    }
    JsonNode json;
    try {
      json = Json.parse(body);
    } catch (RuntimeException e) {
      throw new Failure(true, "HTTP " + status + " without the Prometheus API's JSON; is " + source.baseUrl() + " a Prometheus server?");
    }
    if (!"success".equals(json.path("status").asText())) {
      String error = json.path("error").asText("HTTP " + status);
      // A bad query is the query's fault (400, 422); anything else is the server's.
      throw new Failure(status != 400 && status != 422, error.length() > 300 ? error.substring(0, 300) + "…" : error);
    }
    return json.path("data");
  }

  private static URI uri(PrometheusSource source, String path) throws Failure {
    try {
      return URI.create(source.baseUrl() + path);
    } catch (IllegalArgumentException e) {
      throw new Failure(true, "bad base URL " + source.baseUrl());
    }
  }

  private static double value(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String seconds(long ms) {
    return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The samples of a result on a step's grid from {@code start}: NaN where Prometheus had no sample. */
  static double[] onGrid(TreeMap<Long, Double> samples, long start, long step, int n) {
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    samples.forEach((t, x) -> {
      long i = Math.round((t - start) / (double) step);
      if (i >= 0 && i < n) {
        v[(int) i] = x;
      }
    });
    return v;
  }
}

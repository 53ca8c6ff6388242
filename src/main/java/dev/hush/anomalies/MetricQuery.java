package dev.hush.anomalies;

import dev.hush.core.Problem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named PromQL query of a service's dashboard. {@code $service} in the query stands for the
 * service's name (as a PromQL string, quotes and backslashes escaped).
 */
public record MetricQuery(String name, String promql) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,62}");
  static final int MAX_QUERIES = 10;

  /**
   * What a service without queries of its own shows, for services instrumented the usual way: a
   * {@code http_requests_total} counter with {@code code} and a {@code http_request_duration_seconds}
   * histogram, both labelled {@code service="NAME"}.
   */
  public static final List<MetricQuery> DEFAULTS = List.of(
      new MetricQuery("request_rate", "sum(rate(http_requests_total{service=\"$service\"}[5m]))"),
      new MetricQuery("error_ratio", "sum(rate(http_requests_total{service=\"$service\",code=~\"5..\"}[5m]))"
          + " / sum(rate(http_requests_total{service=\"$service\"}[5m]))"),
      new MetricQuery("p99_latency_seconds",
          "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"$service\"}[5m])))"));

  public MetricQuery {
    if (name == null || !NAME.matcher(name).matches()) {
      throw Problem.invalid("queries.name", "a query's name must be letters, digits and _ (at most 63), e.g. request_rate");
    }
    if (promql == null || promql.isBlank()) {
      throw Problem.invalid("queries.promql", "query " + name + " needs its PromQL");
    }
    if (promql.length() > 2_000) {
      throw Problem.invalid("queries.promql", "query " + name + ": at most 2000 characters");
    }
    promql = promql.strip();
  }

  /** The query for one service. */
  String forService(String service) {
    return promql.replace("$service", service.replace("\\", "\\\\").replace("\"", "\\\""));
  }
}

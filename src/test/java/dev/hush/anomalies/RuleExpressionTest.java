package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which rule expressions have a threshold the replay may vary: a simple comparison EXPR op N, and nothing else. */
class RuleExpressionTest {

  @Test
  void aSimpleComparisonIsSplitIntoItsSeriesOperatorAndThreshold() {
    RuleExpression e = RuleExpression.parse("sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05")
        .orElseThrow();
    assertThat(e.left()).isEqualTo("sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))");
    assertThat(e.operator()).isEqualTo(">");
    assertThat(e.threshold()).isEqualTo(0.05);
    assertThat(e.with(0.125)).endsWith(" > 0.125");
    assertThat(RuleExpression.parse("node_filesystem_avail_bytes{mountpoint=\"/\"} <= 1e9").orElseThrow().upward()).isFalse();
    assertThat(RuleExpression.parse("up{job=\"a>b\"} < 1").orElseThrow().left()).isEqualTo("up{job=\"a>b\"}");
  }

  @Test
  void anythingElseKeepsItsThreshold() {
    assertThat(RuleExpression.parse("absent(up{job=\"api\"})")).isEmpty();
    assertThat(RuleExpression.parse("up == 0")).isEmpty();
    assertThat(RuleExpression.parse("rate(errors[5m]) > 1 and rate(requests[5m]) > 10")).isEmpty();
    assertThat(RuleExpression.parse("rate(errors[5m]) > bool 1")).isEmpty();
    assertThat(RuleExpression.parse("a > b > 3")).isEmpty();
    assertThat(RuleExpression.parse("(up > 0) > 0")).isPresent();
  }

  @Test
  void durationsAndThresholdsAreWrittenAsInARulesFile() {
    assertThat(RuleReplay.duration(600_000)).isEqualTo("10m");
    assertThat(RuleReplay.duration(3_600_000)).isEqualTo("1h");
    assertThat(RuleReplay.duration(90_000)).isEqualTo("90s");
    assertThat(RuleReplay.number(160)).isEqualTo("160");
    assertThat(RuleReplay.number(0.05)).isEqualTo("0.05");
  }
}

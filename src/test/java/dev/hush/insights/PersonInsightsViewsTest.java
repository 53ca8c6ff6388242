package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonInsightsViewsTest {

  @Test
  void csvCellsAreQuotedAndNamesThatLookLikeFormulasStayText() {
    assertThat(PersonInsightsViews.cell("Ana")).isEqualTo("Ana");
    assertThat(PersonInsightsViews.cell("Lee, Ana")).isEqualTo("\"Lee, Ana\"");
    assertThat(PersonInsightsViews.cell("the \"db\"")).isEqualTo("\"the \"\"db\"\"\"");
    assertThat(PersonInsightsViews.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(PersonInsightsViews.cell("@ops")).isEqualTo("'@ops");
    assertThat(PersonInsightsViews.cell("-3.5")).as("a number stays a number").isEqualTo("-3.5");
  }

  @Test
  void theChartCarriesWeeksInEpochSecondsAndOneSeriesPerBand() {
    Interruptions r = new Interruptions(1, "UTC", 2, 0, 1_209_600_000L, java.util.List.of(0L, 604_800_000L), java.util.List.of(),
        java.util.List.of(new Interruptions.Bands(1, 2, 3), Interruptions.Bands.NONE));
    var chart = dev.hush.core.Json.parse(PersonInsightsViews.chart(r));
    assertThat(chart.path("kind").asText()).isEqualTo("bars");
    assertThat(chart.path("x")).extracting(com.fasterxml.jackson.databind.JsonNode::asLong).containsExactly(0L, 604_800L);
    assertThat(chart.path("series")).extracting(s -> s.path("label").asText()).containsExactly("business hours", "off hours", "sleep hours");
    assertThat(chart.path("series").get(2).path("values")).extracting(com.fasterxml.jackson.databind.JsonNode::asLong).containsExactly(3L, 0L);
    assertThat(chart.path("marks")).isEmpty();
  }
}

package dev.hush.insights;

import java.util.List;

/** MTTA and MTTR of each service of a team in each week, week by week ({@code times} holds weeks × services). */
public record ResponseWeeks(long teamId, String zone, List<Long> weekStarts, List<ResponseTime> times) {}

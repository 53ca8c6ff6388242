package dev.hush.oncall;

import java.util.List;

/** A stretch of time with the same people on call; an empty list is a gap. Instants in epoch ms. */
public record Segment(long start, long end, List<Long> userIds) {
  public Segment {
    userIds = List.copyOf(userIds);
  }

  public boolean gap() {
    return userIds.isEmpty();
  }
}

package dev.hush.oncall;

import java.util.List;

/** Rotations as layers, plus overrides: answers "who is on call at instant t". */
public record Schedule(long id, long teamId, String name, List<Layer> layers) {
  public Schedule {
    layers = List.copyOf(layers);
  }
}

package dev.hush.oncall;

import java.util.List;

/** Rotations as layers, plus overrides: answers "who is on call at instant t". */
public record Schedule(long id, String name, List<Layer> layers) {
  public Schedule {
    layers = List.copyOf(layers);
  }
}

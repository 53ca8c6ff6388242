package dev.hush.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Who is on call: layers (highest wins where its restriction allows), then overrides. */
final class ScheduleMath {
  private ScheduleMath() {}

  static List<Long> onCallAt(List<Layer> layers, List<Override> overrides, Instant t) {
    List<Long> base = List.of();
    List<Layer> byLevel = new ArrayList<>(layers);
    byLevel.sort(Comparator.comparingInt(Layer::level).reversed());
    for (Layer layer : byLevel) {
      if (layer.restriction() != null && !allows(layer, t)) {
        continue;
      }
      Long user = RotationMath.userAt(layer.rotation(), t);
      if (user != null) {
        base = List.of(user);
        break;
      }
    }
    Set<Long> people = new LinkedHashSet<>(base);
    long ms = t.toEpochMilli();
    // Overrides apply oldest first, so a later override refines an earlier one.
    for (Override o : overrides) {
      if (ms < o.start() || ms >= o.end()) {
        continue;
      }
      switch (o.kind()) {
        case ADD -> people.add(o.userId());
        case REMOVE -> people.remove(o.userId());
        case REPLACE -> {
          if (o.replacesUserId() == null) {
            people.clear();
            people.add(o.userId());
          } else if (people.remove(o.replacesUserId())) {
            people.add(o.userId());
          }
        }
      }
    }
    return List.copyOf(people);
  }

  static boolean allows(Layer layer, Instant t) {
    Restriction r = layer.restriction();
    ZonedDateTime local = t.atZone(layer.rotation().zone());
    LocalTime time = local.toLocalTime();
    if (r.from().equals(r.until())) {
      return r.days().contains(local.getDayOfWeek());
    }
    if (r.from().isBefore(r.until())) {
      return r.days().contains(local.getDayOfWeek()) && !time.isBefore(r.from()) && time.isBefore(r.until());
    }
    // Overnight: the evening part belongs to today, the morning part to yesterday's window.
    return (r.days().contains(local.getDayOfWeek()) && !time.isBefore(r.from()))
        || (r.days().contains(local.getDayOfWeek().minus(1)) && time.isBefore(r.until()));
  }

  /** [from, to) cut where anything can change, each piece with its people; neighbours with the same people merged. */
  static List<Segment> segments(List<Layer> layers, List<Override> overrides, Instant from, Instant to) {
    TreeSet<Long> cuts = new TreeSet<>();
    cuts.add(from.toEpochMilli());
    cuts.add(to.toEpochMilli());
    for (Layer layer : layers) {
      for (RotationMath.Shift s : RotationMath.shifts(layer.rotation(), from, to)) {
        cuts.add(s.start().toEpochMilli());
      }
      if (layer.restriction() != null) {
        addRestrictionCuts(layer, from, to, cuts);
      }
    }
    for (Override o : overrides) {
      cuts.add(o.start());
      cuts.add(o.end());
    }
    List<Segment> out = new ArrayList<>();
    Long previous = null;
    for (Long cut : cuts.subSet(from.toEpochMilli(), true, to.toEpochMilli(), true)) {
      if (previous != null && cut > previous) {
        List<Long> people = onCallAt(layers, overrides, Instant.ofEpochMilli(previous));
        int last = out.size() - 1;
        if (last >= 0 && out.get(last).userIds().equals(people) && out.get(last).end() == previous) {
          out.set(last, new Segment(out.get(last).start(), cut, people));
        } else {
          out.add(new Segment(previous, cut, people));
        }
      }
      previous = cut;
    }
    return out;
  }

  private static void addRestrictionCuts(Layer layer, Instant from, Instant to, Set<Long> cuts) {
    var zone = layer.rotation().zone();
    LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
    for (int guard = 0; guard < 40_000 && !day.isAfter(last); guard++, day = day.plusDays(1)) {
      for (LocalTime t : List.of(layer.restriction().from(), layer.restriction().until())) {
        long ms = ZonedDateTime.of(LocalDateTime.of(day, t), zone).toInstant().toEpochMilli();
        if (ms > from.toEpochMilli() && ms < to.toEpochMilli()) {
          cuts.add(ms);
        }
      }
      long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
      if (midnight > from.toEpochMilli() && midnight < to.toEpochMilli()) {
        cuts.add(midnight);
      }
    }
  }
}

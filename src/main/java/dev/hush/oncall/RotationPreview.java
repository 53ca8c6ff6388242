package dev.hush.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The next hand-offs of the rotation the form describes, for the viewer to read in their own zone
 * and in the rotation's; or, while the form does not describe a rotation yet, what is missing.
 */
public record RotationPreview(List<OnCallService.Handoff> handoffs, ZoneId rotationZone, ZoneId viewerZone, String missing) {
  public RotationPreview {
    handoffs = List.copyOf(handoffs);
  }

  /** With the year and the zone's abbreviation: a hand-off across a DST change shows its new offset. */
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);

  public String inViewerZone(OnCallService.Handoff h) {
    return WHEN.format(Instant.ofEpochMilli(h.at()).atZone(viewerZone));
  }

  public String inRotationZone(OnCallService.Handoff h) {
    return WHEN.format(Instant.ofEpochMilli(h.at()).atZone(rotationZone));
  }

  static RotationPreview missing(String why, ZoneId viewerZone) {
    return new RotationPreview(List.of(), null, viewerZone, why);
  }
}

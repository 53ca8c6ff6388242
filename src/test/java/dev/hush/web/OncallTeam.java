package dev.hush.web;

import dev.hush.TestHush;
import dev.hush.oncall.Restriction;
import dev.hush.oncall.Rotation;
import dev.hush.oncall.Schedule;
import dev.hush.people.User;

/**
 * The team the on-call pages' browser tests start from: Ada (the admin, who signs in) with Bo Backup
 * and Cy Cole; {@link #scheduleOf} makes a schedule whose one layer is a rotation of theirs.
 */
record OncallTeam(User bo, User cy) {
  static OncallTeam create(TestHush t) {
    return new OncallTeam(t.person("bo@hush.test", "Bo Backup", "long-enough-pw", false, "UTC", null),
        t.person("cy@hush.test", "Cy Cole", "long-enough-pw", false, "UTC", null));
  }

  /** A schedule of the team named {@code name} with {@code rotation} as its layer 1, only within {@code restriction} (null: always). */
  static Schedule scheduleOf(TestHush t, String name, Rotation rotation, Restriction restriction) {
    var oncall = t.hush().oncall();
    return oncall.addLayer(oncall.createSchedule(t.team(), name).id(), rotation.id(), 1, restriction);
  }
}

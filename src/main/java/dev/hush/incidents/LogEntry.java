package dev.hush.incidents;

/** The responder's note on an incident: what they did, free text, and whether the alert was worth it. */
public record LogEntry(long incidentId, long authorUserId, String action, String note, NoiseVerdict verdict, long writtenAt) {
  /** The built-in "what I did" choice that says nothing was done. */
  public static final String NO_ACTION = "no action";

  /** Whether someone did something about the alert: what the noise ranking calls acted on. */
  public static boolean actedOn(String action) {
    return action != null && !NO_ACTION.equals(action);
  }
}

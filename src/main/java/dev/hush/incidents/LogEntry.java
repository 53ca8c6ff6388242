package dev.hush.incidents;

/** The responder's note on an incident: what they did, free text, and whether the alert was worth it. */
public record LogEntry(long incidentId, long authorUserId, String action, String note, NoiseVerdict verdict, long writtenAt) {}

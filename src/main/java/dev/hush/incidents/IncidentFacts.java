package dev.hush.incidents;

/**
 * What a page says about an incident: its identity and the alert's first event as it arrived
 * ({@code firstEventBody}, JSON, or null when none is stored). Ingest hands it over from memory so
 * the first page needs no read-back; later steps load it.
 */
public record IncidentFacts(long id, long serviceId, String dedupKey, String fingerprint, String title, String severity,
    String source, String firstEventBody, int episode) {

  public static IncidentFacts of(Incident incident, String firstEventBody) {
    return new IncidentFacts(incident.id(), incident.serviceId(), incident.dedupKey(), incident.fingerprint(), incident.title(),
        incident.severity(), incident.source(), firstEventBody, incident.episode());
  }

  /** What the alert says, for the page: its summary, links and details. */
  public AlertContent content() {
    return AlertContent.of(firstEventBody);
  }
}

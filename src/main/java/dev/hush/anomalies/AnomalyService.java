package dev.hush.anomalies;

import static dev.hush.people.AuditLog.state;

import dev.hush.actions.NewActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.actions.Priority;
import dev.hush.alerts.AlertIngest;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.people.PeopleService;
import dev.hush.review.Agenda;
import dev.hush.review.DashboardSource;
import dev.hush.review.FindingKind;
import dev.hush.review.Review;
import dev.hush.review.ReviewService;
import dev.hush.review.ReviewStatus;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The review's dashboards: each service's week of metrics (Hush's own series, the imported ones and
 * its queries on the team's Prometheus)
 * scanned once for anomalies when the review is first read, the top findings per service kept with
 * the review, and the team's one-click answers: expected (the same pattern then ranks lower in later
 * weeks), investigate (an action item from the finding) and "we should really log that" (an
 * observability-debt item).
 */
public final class AnomalyService implements DashboardSource {
  /** How many weeks before the review's week the baseline reads. */
  static final int HISTORY_WEEKS = 4;
  private static final long WEEK = Detector.WEEK;
  private static final int MAX_EVENTS = 500;

  public enum Response {
    EXPECTED("expected"), INVESTIGATE("investigate"), LOG_THAT("log-that");

    final String value;

    Response(String value) {
      this.value = value;
    }

    public static Response parse(String field, String value) {
      for (Response r : values()) {
        if (r.value.equals(value)) {
          return r;
        }
      }
      throw Problem.invalid(field, field + " must be expected, investigate or log-that");
    }
  }

  private final Database db;
  private final MetricsService metrics;
  private final PrometheusService prometheus;
  private final ReviewService reviews;
  private final ServiceCatalog services;
  private final IncidentService incidents;
  private final AlertIngest ingest;
  private final PeopleService people;
  private final Clock clock;
  private final ZoneId zone = ZoneOffset.UTC;

  public AnomalyService(Database db, MetricsService metrics, PrometheusService prometheus, ReviewService reviews, ServiceCatalog services,
      IncidentService incidents, AlertIngest ingest, PeopleService people, Clock clock) {
    this.db = db;
    this.metrics = metrics;
    this.prometheus = prometheus;
    this.reviews = reviews;
    this.services = services;
    this.incidents = incidents;
    this.ingest = ingest;
    this.people = people;
    this.clock = clock;
  }

  public MetricsService metrics() {
    return metrics;
  }

  public PrometheusService prometheus() {
    return prometheus;
  }

  /**
   * The boards of a review's week, services with the most severe findings first. While the team's
   * Prometheus cannot be read the week is not scanned (its findings would miss those series for
   * good); the boards say why, and a later read scans it.
   */
  @Override
  public List<Board> boards(Review review) {
    List<Service> team = services.all(t -> t == review.teamId());
    List<Long> ids = team.stream().map(Service::id).toList();
    long historyFrom = review.weekStart() - HISTORY_WEEKS * WEEK;
    // The baseline weeks are read only for the one scan; the charts show the review's week. (Prometheus is
    // still asked for the whole range, so that its step, fitted to the range, stays the same on every read.)
    boolean scanned = db.withHandle(h -> AnomalyStore.scanned(h, review.id()));
    long storedFrom = scanned ? review.weekStart() : historyFrom;
    Map<Long, List<Series>> series = new LinkedHashMap<>();
    metrics.own(review.teamId(), hourFloor(storedFrom), review.weekEnd()).forEach((k, v) -> series.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    metrics.importedOf(ids, storedFrom, review.weekEnd()).forEach((k, v) -> series.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    PrometheusService.Fetched fetched = prometheus.fetch(review.teamId(), team, historyFrom, review.weekEnd());
    fetched.series().forEach((k, v) -> series.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    if (!scanned && !fetched.unreachable()) {
      scanOnce(review, team, series);
    }
    Map<Long, List<AnomalyStore.Row>> found = db.withHandle(h -> AnomalyStore.ofReview(h, review.id())).stream()
        .collect(Collectors.groupingBy(AnomalyStore.Row::serviceId, LinkedHashMap::new, Collectors.toList()));
    List<Board> boards = new ArrayList<>();
    for (Service s : team) {
      List<AnomalyStore.Row> rows = found.getOrDefault(s.id(), List.of());
      List<Chart> charts = series.getOrDefault(s.id(), List.of()).stream().map(x -> chart(x, review, rows)).toList();
      boards.add(new Board(s.id(), s.name(), charts, rows.stream().map(AnomalyService::anomaly).toList(), fetched.error()));
    }
    Map<Long, Double> top = new LinkedHashMap<>();
    found.forEach((k, v) -> top.put(k, v.stream().mapToDouble(AnomalyStore.Row::rank).max().orElse(0)));
    boards.sort(Comparator.comparingDouble((Board b) -> -top.getOrDefault(b.serviceId(), 0.0)).thenComparing(Board::name));
    return boards;
  }

  /** The findings of a review's week, by service as on its boards. */
  public List<Board> findings(long reviewId) {
    return boards(reviews.require(reviewId));
  }

  private void scanOnce(Review review, List<Service> team, Map<Long, List<Series>> series) {
    List<Long> ids = team.stream().map(Service::id).toList();
    Map<Long, List<Findings.Event>> events = new LinkedHashMap<>();
    incidents.openedOn(ids, review.weekStart(), review.weekEnd(), MAX_EVENTS).forEach(x -> events
        .computeIfAbsent(x.incident().serviceId(), k -> new ArrayList<>())
        .add(new Findings.Event(x.incident().openedAt(), "incident #" + x.incident().id() + " “" + x.incident().title() + "”")));
    ingest.changes(ids, review.weekStart(), review.weekEnd(), MAX_EVENTS).forEach(c -> events.computeIfAbsent(c.serviceId(), k -> new ArrayList<>())
        .add(new Findings.Event(c.happenedAt(), "change “" + c.summary() + "”")));
    Findings findings = new Findings(new Detector(zone), zone);
    long since = review.weekStart() - HISTORY_WEEKS * WEEK;
    Map<AnomalyStore.Pattern, Integer> expected = db.withHandle(h -> AnomalyStore.expectedBefore(h, ids, since, review.weekStart()));
    // The services are scanned in parallel, as each service's series are: the work is split over
    // every series of the team, not one service at a time.
    List<List<Findings.Finding>> scanned = team.parallelStream().map(s -> findings.top(series.getOrDefault(s.id(), List.of()), review.weekStart(),
        review.weekEnd(), events.getOrDefault(s.id(), List.of()),
        // A pattern the team called expected in recent weeks ranks lower each time it did.
        f -> Math.pow(0.5, expected.getOrDefault(new AnomalyStore.Pattern(s.id(), f.series(), f.kind().dbValue()), 0)),
        Findings.DEFAULT_LIMIT)).toList();
    Map<Long, List<Findings.Finding>> byService = new LinkedHashMap<>();
    for (int k = 0; k < team.size(); k++) {
      byService.put(team.get(k).id(), scanned.get(k));
    }
    db.useTransaction(h -> {
      if (AnomalyStore.claimScan(h, review.id(), clock.millis())) {
        byService.forEach((service, list) -> AnomalyStore.insert(h, review.id(), service, list, clock.millis()));
      }
    });
  }

  /**
   * The team's answer to a finding, once: {@code expected} with a note, {@code investigate} (an
   * action item from the finding, owned by {@code ownerId}, else the facilitator, else whoever
   * answered), or {@code log-that} (an observability-debt item).
   */
  public Anomaly respond(long reviewId, long findingId, Response response, String note, Long ownerId, long actorId) {
    Review review = reviews.require(reviewId);
    if (review.status() == ReviewStatus.CLOSED) {
      throw Problem.conflict("review", "review " + reviewId + " is closed");
    }
    String text = note == null ? "" : note.strip();
    if (text.length() > 1_000) {
      throw Problem.invalid("note", "note: at most 1000 characters");
    }
    AnomalyStore.Row row = db.withHandle(h -> AnomalyStore.byId(h, reviewId, findingId))
        .orElseThrow(() -> Problem.notFound("finding", "no anomaly finding " + findingId + " in review " + reviewId));
    boolean claimed = db.inTransaction(h -> {
      boolean ok = AnomalyStore.respond(h, findingId, response.value, text, null, actorId, clock.millis());
      if (ok) {
        people.audit(h, actorId, "review.anomaly", "review:" + reviewId, review.teamId(), null,
            state("finding", findingId, "response", response.value, "note", text));
      }
      return ok;
    });
    if (!claimed) {
      throw Problem.conflict("response", "finding " + findingId + " was already answered");
    }
    try {
      Long item = switch (response) {
        case EXPECTED -> null;
        case INVESTIGATE -> {
          Agenda.Finding f = reviews.addFinding(reviewId, row.serviceId(), FindingKind.OBSERVATION, row.explanation(), null, actorId);
          long owner = ownerId != null ? ownerId : review.facilitatorId() != null ? review.facilitatorId() : actorId;
          String title = "Investigate: " + row.explanation();
          yield reviews.createItem(reviewId, new NewActionItem(title.length() > 200 ? title.substring(0, 200) : title, owner, null, Priority.P2,
              null, OriginKind.FINDING, f.id(), List.of()), null, actorId).id();
        }
        case LOG_THAT -> reviews.addFinding(reviewId, row.serviceId(), FindingKind.LOG_THAT,
            row.explanation() + (text.isEmpty() ? "" : " — " + text), ownerId, actorId).actionItemId();
      };
      if (item != null) {
        db.useTransaction(h -> AnomalyStore.linkActionItem(h, findingId, item));
      }
    } catch (RuntimeException e) {
      db.useTransaction(h -> AnomalyStore.clearResponse(h, findingId));
      throw e;
    }
    return db.withHandle(h -> AnomalyStore.byId(h, reviewId, findingId)).map(AnomalyService::anomaly).orElseThrow();
  }

  private static Anomaly anomaly(AnomalyStore.Row r) {
    return new Anomaly(r.id(), r.series(), r.kind(), r.fromMs(), r.toMs(), r.severity(), r.explanation(), r.response(), r.note(),
        r.actionItemId());
  }

  /** The week of one series, with a second line over the flagged windows and a mark at each finding's start. */
  private static Chart chart(Series s, Review review, List<AnomalyStore.Row> rows) {
    int from = (int) Math.max(0, Math.ceilDiv(review.weekStart() - s.startMs(), s.stepMs()));
    int to = (int) Math.min(s.size(), Math.ceilDiv(review.weekEnd() - s.startMs(), s.stepMs()));
    int n = Math.max(0, to - from);
    long[] x = new long[n];
    Double[] values = new Double[n];
    Double[] flagged = new Double[n];
    List<Mark> marks = new ArrayList<>();
    List<AnomalyStore.Row> mine = rows.stream().filter(r -> r.series().equals(s.name())).toList();
    for (int i = 0; i < n; i++) {
      long t = s.timeAt(from + i);
      double v = s.values()[from + i];
      x[i] = t / 1000;
      values[i] = Double.isNaN(v) ? null : v;
      boolean in = mine.stream().anyMatch(r -> t >= r.fromMs() && t < r.toMs());
      flagged[i] = in ? values[i] : null;
    }
    for (int k = 0; k < mine.size(); k++) {
      marks.add(new Mark(mine.get(k).fromMs() / 1000, mine.get(k).kind()));
    }
    return new Chart(s.name(), "lines", x, List.of(new Line(s.name(), values), new Line("flagged", flagged)), marks);
  }

  private static long hourFloor(long t) {
    return Math.floorDiv(t, 3_600_000L) * 3_600_000L;
  }
}

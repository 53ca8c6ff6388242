package dev.hush.anomalies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.actions.ActionItem;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.actions.Priority;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentService.HandledIncident;
import dev.hush.incidents.NoiseVerdict;
import dev.hush.review.Agenda;
import dev.hush.review.FindingKind;
import dev.hush.review.Review;
import dev.hush.review.ReviewService;
import dev.hush.services.ServiceCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A noisy rule replayed: its definition read from Prometheus ({@code /api/v1/rules}, matched by the
 * alerts' {@code alertname}), its expression evaluated over the last weeks at one-minute steps, and
 * the alerts it would have sent with a longer {@code for:} and, for a simple comparison
 * {@code EXPR > N}, a stricter threshold, set against the pages Hush really sent: how many would
 * not have been sent, and how much later each page the on-call log calls actionable would have come.
 *
 * <p>A {@code for:} of D fires once the condition held at every step for D (Prometheus's own rule:
 * active at the first true step, firing at the first step at least D later). The longest
 * {@code for:} of {@link #FOR_CHOICES} that keeps every actionable page and avoids some is
 * proposed; then the strictest of the thresholds at the median, lower quartile and lowest decile of
 * the values while the condition held (for {@code <}, the mirror quantiles) that keeps them too and
 * avoids more.
 */
public final class RuleReplay {
  public static final int DEFAULT_WEEKS = 4;
  static final long STEP = 60_000L;
  private static final long WEEK = Detector.WEEK;
  /** How long after a replayed alert began a real page still belongs to it (Alertmanager's group wait and delivery). */
  static final long MATCH_SLACK = 5 * 60_000L;
  static final long[] FOR_CHOICES = {5 * 60_000L, 10 * 60_000L, 15 * 60_000L, 30 * 60_000L};
  private static final double[] QUANTILES = {0.5, 0.25, 0.1};
  private static final int MAX_PAGES = 5_000;

  private final PrometheusService prometheus;
  private final ReviewService reviews;
  private final IncidentService incidents;
  private final ServiceCatalog services;

  public RuleReplay(PrometheusService prometheus, ReviewService reviews, IncidentService incidents, ServiceCatalog services) {
    this.prometheus = prometheus;
    this.reviews = reviews;
    this.incidents = incidents;
    this.services = services;
  }

  /** A page Hush sent that the on-call log calls actionable, and when the proposal would have sent it (null: never). */
  public record ActionablePage(long incidentId, long pagedAt, Long wouldPageAt, Long delayMs) {
    public boolean missed() {
      return wouldPageAt == null;
    }
  }

  /** The threshold: the rule's, the proposed one (null when not varied) and why. */
  public record Threshold(String operator, Double current, Double proposed, String reason) {}

  /**
   * The replay of one rule over [fromMs, toMs): alerts the rule would have sent as it is
   * ({@code replayedPages}), with the longer {@code for:} alone, and with the whole proposal; Hush's
   * real pages of the rule, how many of them the proposal avoids, and the actionable ones' delays.
   */
  public record Replay(long reviewId, String fingerprint, long serviceId, String alertname, int weeks, long fromMs, long toMs, String expression,
      long forMs, long proposedForMs, Threshold threshold, int replayedPages, int replayedPagesLongerFor, int replayedPagesProposed, int hushPages,
      int pagesAvoided, List<ActionablePage> actionable, String proposedRule) {}

  /** The replay of the review's rule {@code fingerprint} over the {@code weeks} weeks up to the review's week's end. */
  public Replay replay(long reviewId, String fingerprint, int weeks) {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw Problem.invalid("fingerprint", "fingerprint is required: the rule's, as in the noise ranking");
    }
    if (weeks < 1 || weeks > 12) {
      throw Problem.invalid("weeks", "weeks: 1-12");
    }
    Review review = reviews.require(reviewId);
    long to = review.weekEnd();
    long from = to - weeks * WEEK;
    List<Long> team = services.all(t -> t == review.teamId()).stream().map(s -> s.id()).toList();
    List<HandledIncident> pages = incidents.openedOn(team, from, to, MAX_PAGES).stream()
        .filter(x -> x.incident().fingerprint().equals(fingerprint)).toList();
    if (pages.isEmpty()) {
      throw Problem.invalid("fingerprint", "no incident of rule " + fingerprint + " in the team's last " + weeks + " weeks");
    }
    HandledIncident latest = pages.getLast();
    String alertname = incidents.firstEventBody(latest.incident().id()).flatMap(RuleReplay::alertname)
        .orElseThrow(() -> Problem.conflict("fingerprint", "the rule's alerts carry no alertname label to find it in Prometheus by"));
    PrometheusSource source = prometheus.open(review.teamId())
        .orElseThrow(() -> Problem.conflict("prometheus", "the team has no Prometheus source; set one under Metrics from Prometheus"));
    try {
      PrometheusClient.AlertingRule rule = prometheus.client().alertingRules(source).stream().filter(r -> r.name().equals(alertname)).findFirst()
          .orElseThrow(() -> Problem.conflict("alertname", "Prometheus has no alerting rule named " + alertname));
      return replay(review, fingerprint, latest.incident().serviceId(), weeks, from, to, rule, pages, source);
    } catch (PrometheusClient.Failure f) {
      throw new Problem(502, "prometheus_unavailable", "prometheus", f.shown());
    }
  }

  /**
   * Makes the replay's proposal an action item of the review: a finding with the replay's figures
   * and the proposed rule as YAML, and the item from it, linked to the rule's fingerprint so that the
   * recurrence proof can tell whether the pages stopped.
   */
  public ActionItem makeActionItem(long reviewId, String fingerprint, int weeks, Long ownerId, long actorId) {
    Replay r = replay(reviewId, fingerprint, weeks);
    Review review = reviews.require(reviewId);
    String text = summary(r) + "\n\n```yaml\n" + r.proposedRule() + "```";
    // A finding holds 1000 characters: a very long expression is cut there, the item's title keeps the change.
    Agenda.Finding finding = reviews.addFinding(reviewId, r.serviceId(), FindingKind.OBSERVATION,
        text.length() > 1_000 ? text.substring(0, 999) + "…" : text, null, actorId);
    String flow = "Tune " + r.alertname() + ": " + flowRule(r);
    String title = flow.length() <= 200 ? flow : "Tune " + r.alertname() + ": for: " + duration(r.proposedForMs())
        + (r.threshold().proposed() == null ? "" : ", " + r.threshold().operator() + " " + number(r.threshold().proposed()));
    long owner = ownerId != null ? ownerId : review.facilitatorId() != null ? review.facilitatorId() : actorId;
    return reviews.createItem(reviewId, new NewActionItem(title.length() > 200 ? title.substring(0, 200) : title, owner, null, Priority.P2, null,
        OriginKind.FINDING, finding.id(), List.of(fingerprint)), null, actorId);
  }

  private Replay replay(Review review, String fingerprint, long serviceId, int weeks, long from, long to, PrometheusClient.AlertingRule rule,
      List<HandledIncident> pages, PrometheusSource source) throws PrometheusClient.Failure {
    Optional<RuleExpression> comparison = RuleExpression.parse(rule.expression());
    long start = Math.ceilDiv(from, STEP) * STEP;
    int n = (int) Math.ceilDiv(to - start, STEP);
    // Per series, the value at each step (NaN: no sample). A comparison is evaluated on its left side, anything else as it is: a sample is "true".
    String query = comparison.map(RuleExpression::left).orElse(rule.expression());
    Map<String, double[]> series = new LinkedHashMap<>();
    // One request per week: a week at one minute stays within Prometheus's points per series.
    for (long chunk = start; chunk < start + n * STEP; chunk += WEEK) {
      long end = Math.min(start + (n - 1) * STEP, chunk + WEEK - STEP);
      for (PrometheusClient.Result r : prometheus.client().queryRange(source, query, chunk, end, STEP)) {
        double[] v = series.computeIfAbsent(r.labels().toString(), k -> {
          double[] a = new double[n];
          Arrays.fill(a, Double.NaN);
          return a;
        });
        double[] part = PrometheusClient.onGrid(r.samples(), start, STEP, n);
        for (int i = 0; i < n; i++) {
          if (!Double.isNaN(part[i])) {
            v[i] = part[i];
          }
        }
      }
    }
    List<double[]> values = List.copyOf(series.values());
    double current = comparison.map(RuleExpression::threshold).orElse(Double.NaN);
    List<Run> runs = runs(values, comparison, current, start);
    List<Page> real = pages.stream().map(x -> {
      Run run = match(runs, x.incident().openedAt());
      return new Page(x.incident().id(), x.incident().openedAt(), x.log() != null && x.log().verdict() == NoiseVerdict.ACTIONABLE, run != null, run);
    }).toList();

    long proposedFor = -1;
    for (long d : FOR_CHOICES) {
      if (d > rule.forMs() && keepsActionable(real, d) && avoided(real, d) > 0) {
        proposedFor = d;
      }
    }
    if (proposedFor < 0) {
      proposedFor = Arrays.stream(FOR_CHOICES).filter(d -> d > rule.forMs()).findFirst().orElse(2 * rule.forMs());
    }

    Threshold threshold;
    List<Run> proposedRuns = runs;
    List<Page> proposedPages = real;
    if (comparison.isEmpty()) {
      threshold = new Threshold(null, null, null, "not varied: the expression is not a simple comparison EXPR > N (or >=, <, <=)");
    } else {
      RuleExpression c = comparison.get();
      double[] held = values.stream().flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v) && c.holds(v, current)).sorted().toArray();
      Double stricter = null;
      int avoidedByFor = avoided(real, proposedFor);
      for (int k = 0; k < QUANTILES.length && held.length > 0 && stricter == null; k++) {
        double candidate = held[Math.max(0, (int) Math.ceil((c.upward() ? QUANTILES[k] : 1 - QUANTILES[k]) * held.length) - 1)];
        if (c.upward() ? candidate <= current : candidate >= current) {
          continue;
        }
        List<Run> candidateRuns = runs(values, comparison, candidate, start);
        List<Page> rematched = real.stream().map(p -> new Page(p.incidentId(), p.at(), p.actionable(), p.replayed(),
            p.run() == null ? null : inside(candidateRuns, p.run()))).toList();
        if (keepsActionable(rematched, proposedFor) && avoided(rematched, proposedFor) > avoidedByFor) {
          stricter = candidate;
          proposedRuns = candidateRuns;
          proposedPages = rematched;
        }
      }
      threshold = stricter != null
          ? new Threshold(c.operator(), current, stricter, "the " + percentile(held, stricter) + " of the values while the condition held")
          : new Threshold(c.operator(), current, null, "not varied: no threshold at the median, quartile or decile of the values while the"
              + " condition held avoids more pages and keeps every actionable one");
    }
    int avoided = avoided(proposedPages, proposedFor);
    List<ActionablePage> actionable = new ArrayList<>();
    for (Page p : proposedPages) {
      if (p.actionable()) {
        // A page the replay cannot place (another series, a gap in the data) is assumed to come as it did.
        Long when = !p.replayed() ? Long.valueOf(p.at()) : p.run() == null ? null : fireAt(p.run(), proposedFor);
        actionable.add(new ActionablePage(p.incidentId(), p.at(), when, when == null ? null : Math.max(0, when - p.at())));
      }
    }
    String newExpression = threshold.proposed() == null ? rule.expression() : comparison.get().with(threshold.proposed());
    return new Replay(review.id(), fingerprint, serviceId, rule.name(), weeks, from, to, rule.expression(), rule.forMs(), proposedFor, threshold,
        count(runs, rule.forMs()), count(runs, proposedFor), count(proposedRuns, proposedFor), real.size(), avoided, actionable,
        yaml(rule, newExpression, proposedFor));
  }

  /** A run of steps where the condition held in one series: [from, to] inclusive, UTC epoch ms. */
  record Run(int series, long from, long to) {}

  /** A page Hush sent; {@code replayed}: the replay has a run for it, {@code run} the run it is in now (null: gone with a stricter threshold). */
  private record Page(long incidentId, long at, boolean actionable, boolean replayed, Run run) {}

  private static List<Run> runs(List<double[]> values, Optional<RuleExpression> comparison, double threshold, long start) {
    List<Run> out = new ArrayList<>();
    for (int s = 0; s < values.size(); s++) {
      double[] v = values.get(s);
      int begin = -1;
      for (int i = 0; i <= v.length; i++) {
        boolean holds = i < v.length && !Double.isNaN(v[i]) && (comparison.isEmpty() || comparison.get().holds(v[i], threshold));
        if (holds && begin < 0) {
          begin = i;
        } else if (!holds && begin >= 0) {
          out.add(new Run(s, start + begin * STEP, start + (i - 1) * STEP));
          begin = -1;
        }
      }
    }
    out.sort(Comparator.comparingLong(Run::from));
    return out;
  }

  /** When a run fires with {@code for:} of {@code forMs}: once it has held that long, else never (null). */
  static Long fireAt(Run r, long forMs) {
    long at = r.from() + Math.ceilDiv(forMs, STEP) * STEP;
    return at <= r.to() ? at : null;
  }

  private static int count(List<Run> runs, long forMs) {
    return (int) runs.stream().filter(r -> fireAt(r, forMs) != null).count();
  }

  /** The run a real page belongs to: the one under way when it was sent (or that ended just before). */
  private static Run match(List<Run> runs, long at) {
    return runs.stream().filter(r -> r.from() <= at && at <= r.to() + MATCH_SLACK).findFirst().orElse(null);
  }

  /** The longest run of a stricter threshold inside a run, or null when none is left of it. */
  private static Run inside(List<Run> stricter, Run run) {
    return stricter.stream().filter(r -> r.series() == run.series() && r.from() >= run.from() && r.to() <= run.to())
        .max(Comparator.comparingLong(r -> r.to() - r.from())).orElse(null);
  }

  /** Whether every actionable page the replay placed still fires. */
  private static boolean keepsActionable(List<Page> pages, long forMs) {
    return pages.stream().filter(p -> p.actionable() && p.replayed()).allMatch(p -> p.run() != null && fireAt(p.run(), forMs) != null);
  }

  /** How many of the pages the replay placed would not have been sent. */
  private static int avoided(List<Page> pages, long forMs) {
    return (int) pages.stream().filter(p -> p.replayed() && (p.run() == null || fireAt(p.run(), forMs) == null)).count();
  }

  private static String percentile(double[] held, double value) {
    int below = (int) Arrays.stream(held).filter(v -> v < value).count();
    return Math.round(100.0 * below / held.length) + "th percentile";
  }

  /** The alert's name from its first event: Alertmanager's labels, or a PagerDuty event's custom details. */
  static Optional<String> alertname(String body) {
    JsonNode json;
    try {
      json = Json.parse(body);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    for (JsonNode n : List.of(json.path("labels").path("alertname"), json.path("payload").path("custom_details").path("alertname"))) {
      if (n.isTextual() && !n.asText().isBlank()) {
        return Optional.of(n.asText());
      }
    }
    return Optional.empty();
  }

  /** The proposed rule as a rules file's list entry. */
  static String yaml(PrometheusClient.AlertingRule rule, String expression, long forMs) {
    StringBuilder out = new StringBuilder();
    out.append("- alert: ").append(rule.name()).append('\n');
    out.append("  expr: ").append(quoted(expression)).append('\n');
    out.append("  for: ").append(duration(forMs)).append('\n');
    if (!rule.labels().isEmpty()) {
      out.append("  labels:\n");
      rule.labels().forEach((k, v) -> out.append("    ").append(k).append(": ").append(quoted(v)).append('\n'));
    }
    return out.toString();
  }

  /** The proposal in YAML's one-line form, e.g. {@code {alert: X, expr: 'up > 1', for: 10m}}. */
  private static String flowRule(Replay r) {
    String expression = r.threshold().proposed() == null ? r.expression()
        : RuleExpression.parse(r.expression()).map(c -> c.with(r.threshold().proposed())).orElse(r.expression());
    return "{alert: " + r.alertname() + ", expr: " + quoted(expression) + ", for: " + duration(r.proposedForMs()) + "}";
  }

  private static String summary(Replay r) {
    String change = "for: " + duration(r.forMs()) + " → " + duration(r.proposedForMs())
        + (r.threshold().proposed() == null ? "" : ", " + r.threshold().operator() + " " + number(r.threshold().current()) + " → "
            + r.threshold().operator() + " " + number(r.threshold().proposed()));
    String late = r.actionable().stream().map(a -> "#" + a.incidentId() + (a.missed() ? " missed" : " " + duration(a.delayMs()) + " later"))
        .collect(Collectors.joining(", "));
    return r.alertname() + " replayed over " + r.weeks() + " weeks with " + change + ": " + r.replayedPages() + " alerts → "
        + r.replayedPagesProposed() + "; " + r.pagesAvoided() + " of Hush's " + r.hushPages() + " pages avoided"
        + (late.isEmpty() ? "." : "; actionable pages: " + late + ".");
  }

  /** A Prometheus duration: {@code 90s}, {@code 10m}, {@code 1h}. */
  public static String duration(long ms) {
    long s = ms / 1000;
    if (s == 0) {
      return "0s";
    }
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** A threshold as written in a rule: {@code 100}, {@code 0.05}. */
  public static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

package dev.hush;

import dev.hush.actions.ActionService;
import dev.hush.alerts.AlertIngest;
import dev.hush.incidents.IncidentService;
import dev.hush.anomalies.AnomalyService;
import dev.hush.anomalies.MetricsService;
import dev.hush.anomalies.PrometheusService;
import dev.hush.anomalies.RuleReplay;
import dev.hush.insights.InterruptionsRollup;
import dev.hush.insights.TriggerRollup;
import dev.hush.insights.PersonInsightsService;
import dev.hush.escalation.EscalationService;
import dev.hush.escalation.IncidentResponse;
import dev.hush.insights.InsightsService;
import dev.hush.jobs.FinishedJobsPurge;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobWorker;
import dev.hush.notify.NotifyService;
import dev.hush.oncall.OnCallService;
import dev.hush.people.PeopleService;
import dev.hush.people.oidc.OidcSignIn;
import dev.hush.review.ReviewJobs;
import dev.hush.review.ReviewService;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/** One running Hush: the store, the metrics, and each feature's service, wired once. */
public final class Hush implements AutoCloseable {
  private final HushConfig config;
  private final Clock clock;
  private final Database db;
  private final PrometheusMeterRegistry metrics;
  private final PeopleService people;
  private final OidcSignIn oidc;
  private final ServiceCatalog services;
  private final IncidentService incidents;
  private final AlertIngest ingest;
  private final OnCallService oncall;
  private final JobQueue jobs;
  private final JobWorker worker;
  private final NotifyService notify;
  private final PersonInsightsService personInsights;
  private final EscalationService escalation;
  private final IncidentResponse incidentResponse;
  private final ActionService actions;
  private final InsightsService insights;
  private final TriggerRollup triggerRollup;
  private final ReviewService reviews;
  private final AnomalyService anomalies;
  private final RuleReplay ruleReplay;

  private Hush(HushConfig config, Clock clock, Database db) {
    this.config = config;
    this.clock = clock;
    this.db = db;
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    this.people = new PeopleService(db, clock, config.sessions(), config.signIn());
    this.oidc = new OidcSignIn(config.oidc(), config.baseUrl(), people, db, clock);
    this.services = new ServiceCatalog(db, people, clock);
    this.incidents = new IncidentService(db, services, people, clock);
    this.ingest = new AlertIngest(db, services, incidents, clock, metrics, config.ingestRatePerServicePerMinute());
    this.oncall = new OnCallService(db, people, clock);
    this.jobs = new JobQueue(db, clock);
    this.worker = new JobWorker(db, jobs, config.nodeId(), 512, 250, metrics);
    InterruptionsRollup interruptions = new InterruptionsRollup(config.hourBands());
    this.notify = new NotifyService(db, jobs, incidents, services, people, clock, config.baseUrl(), config.delivery(),
        config.allowedTargets(), config.secrets());
    notify.onPaged(interruptions::paged);
    worker.register(NotifyService.DELIVER_JOB, notify::deliver);
    worker.register(NotifyService.RECOVER_JOB, notify::recoverUnsent);
    this.escalation = new EscalationService(db, jobs, worker, incidents, services, oncall, notify, people, clock);
    this.incidentResponse = new IncidentResponse(db, jobs, worker, escalation, incidents, notify, people, clock);
    this.actions = new ActionService(db, people, incidents, clock);
    this.triggerRollup = new TriggerRollup(db);
    Gauge.builder("hush.insights.triggers.uncounted", triggerRollup, TriggerRollup::backlog)
        .description("Stored triggers the insights rollup has yet to count (it gives way to ingest during an alert storm)")
        .register(metrics);
    this.insights = new InsightsService(db, services, incidents, oncall, actions, config.hourBands(), triggerRollup, clock);
    this.reviews = new ReviewService(db, oncall, incidents, actions, ingest, services, people, jobs, insights, config.hourBands(), clock);
    PrometheusService prometheus = new PrometheusService(db, services, people, config.secrets(), clock);
    this.anomalies = new AnomalyService(db, new MetricsService(db, services, insights, people, clock), prometheus, reviews, services, incidents,
        ingest, people, clock);
    this.ruleReplay = new RuleReplay(prometheus, reviews, incidents, services);
    reviews.dashboardSource(anomalies);
    this.personInsights = new PersonInsightsService(db, people, oncall, services, incidents, actions, config.hourBands(), interruptions, clock);
  }

  /**
   * Opens the store, applies pending migrations, wires the features, and makes sure the stored
   * credentials are sealed with this key (stopping if they were sealed with another one).
   */
  public static Hush open(HushConfig config, Clock clock) {
    Database db = Database.open(config.databaseUrl(), config.databaseSchema());
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    Hush hush = new Hush(config, clock, db);
    try {
      hush.notify.sealStoredSecrets();
      hush.personInsights.catchUp();
    } catch (RuntimeException e) {
      hush.close();
      throw e;
    }
    return hush;
  }

  public HushConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database db() {
    return db;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public PeopleService people() {
    return people;
  }

  public OidcSignIn oidc() {
    return oidc;
  }

  public ServiceCatalog services() {
    return services;
  }

  public IncidentService incidents() {
    return incidents;
  }

  public AlertIngest ingest() {
    return ingest;
  }

  public OnCallService oncall() {
    return oncall;
  }

  public JobQueue jobs() {
    return jobs;
  }

  public NotifyService notifications() {
    return notify;
  }

  public EscalationService escalation() {
    return escalation;
  }

  public IncidentResponse incidentResponse() {
    return incidentResponse;
  }

  public PersonInsightsService personInsights() {
    return personInsights;
  }

  public ActionService actions() {
    return actions;
  }

  public ReviewService reviews() {
    return reviews;
  }

  public AnomalyService anomalies() {
    return anomalies;
  }

  public RuleReplay ruleReplay() {
    return ruleReplay;
  }

  public InsightsService insights() {
    return insights;
  }

  public TriggerRollup triggerRollup() {
    return triggerRollup;
  }

  /** Starts the job engine (escalation steps, deliveries). Servers do; one-shot CLI commands don't. */
  public Hush startBackgroundWork() {
    new FinishedJobsPurge(jobs, clock).install(worker);
    new ReviewJobs(reviews, notify, jobs, clock, config.baseUrl()).install(worker);
    notify.scheduleRecovery(clock.millis());
    triggerRollup.start();
    worker.start();
    return this;
  }

  /** Runs the jobs due by this Hush's clock now, on the caller's thread, for a command that moves its own clock. */
  public int runDueJobs() {
    return worker.runDue();
  }

  /** Ready to take traffic: the store answers and the ingest writer runs. */
  public boolean readyz() {
    return db.isReachable() && ingest.writerAlive();
  }

  @Override
  public void close() {
    triggerRollup.close();
    worker.close();
    ingest.close();
    notify.close();
    people.close();
    db.close();
  }
}

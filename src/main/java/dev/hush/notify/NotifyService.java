package dev.hush.notify;

import static dev.hush.people.AuditLog.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import dev.hush.core.SecretBox;
import dev.hush.core.Secrets;
import dev.hush.core.TtlCache;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFacts;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentStatus;
import dev.hush.jobs.Job;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobSpec;
import dev.hush.people.PeopleService;
import dev.hush.people.User;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import dev.hush.store.GroupCommit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact methods, notification rules, and the outbox. Each message is a row with an
 * idempotency key (incident, step, person, channel), so a crash or a second node never queues it
 * twice. A page due now is sent straight after its commit; one due later, a retry, or one a crash
 * left unsent is a delivery job with the same key, retried with back-off.
 */
public final class NotifyService implements AutoCloseable {
  public static final String DELIVER_JOB = "notify.deliver";
  public static final String RECOVER_JOB = "notify.recover";
  private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
  /** After this many failed attempts a method is reported failing to its owner through another method. */
  static final int FAILING_AFTER = 3;
  private static final Duration ACK_LINK_LIFETIME = Duration.ofDays(7);
  /** A page sent straight after its commit starts within this window, or not at all (the recovery pass takes it then). */
  private static final Duration DIRECT_SEND_WINDOW = Duration.ofSeconds(30);
  /**
   * When a never-attempted direct page counts as lost: the send window plus the longest a send can
   * take (HTTP: cut off 15 s after it starts; SMTP: 5 s to connect, 10 s per command), with room.
   */
  static final Duration RECOVER_AFTER = Duration.ofMinutes(2);
  private static final Duration RECOVERY_EVERY = Duration.ofSeconds(30);
  private static final int MAX_ATTEMPTS = 12;
  /** Sends in flight at once, so thousands of pages falling due together don't open thousands of connections. */
  static final int MAX_CONCURRENT_SENDS = 128;
  /** A person may send one test message (to any of their methods) this often. */
  private static final Duration TEST_INTERVAL = Duration.ofSeconds(30);

  private final Database db;
  private final NotifyStore store;
  private final JobQueue jobs;
  private final IncidentService incidents;
  private final ServiceCatalog services;
  private final PeopleService people;
  private final Clock clock;
  private final List<PagedListener> pagedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String baseUrl;
  private final Map<ChannelKind, Channel> channels = new EnumMap<>(ChannelKind.class);
  private final EmailChannel mail;
  private volatile AckLinks ackLinks;
  private final GroupCommit bookkeeping;
  private final Semaphore sending = new Semaphore(MAX_CONCURRENT_SENDS);
  /**
   * The threads of direct pages: platform threads, because a blocking socket read on one is woken
   * by the kernel itself, where a virtual thread's goes through the JDK's poller thread and then a
   * carrier (0.2–0.3 ms more per exchange on an idle machine, measured on loopback). Idle ones exit.
   */
  private final ThreadPoolExecutor senders = new ThreadPoolExecutor(MAX_CONCURRENT_SENDS, MAX_CONCURRENT_SENDS, 60, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), Thread.ofPlatform().name("hush-page-", 1).daemon().factory());
  /** Who is paged how: read once a second at most in a burst; changes on this node apply at once. */
  private final TtlCache<Long, List<Planned>> plans;
  private final TtlCache<Long, String> serviceNames;
  private final long startedAt;
  private final TestSendLimit testLimit;
  private final TargetGuard guard;

  /** Where e-mail, SMS and voice calls go out; HTTP channels need no settings beyond the contact method. */
  public record Settings(String smtpHost, int smtpPort, String mailFrom, String smsBaseUrl, String smsFrom) {}

  /**
   * {@code allowed}: the operator's exceptions to "HTTP channels post to public addresses only";
   * {@code secrets}: the key contact methods' addresses and secrets are sealed with.
   */
  public NotifyService(Database db, JobQueue jobs, IncidentService incidents, ServiceCatalog services, PeopleService people, Clock clock,
      String baseUrl, Settings settings, AllowedTargets allowed, SecretBox secrets) {
    HttpChannels.requireHostHeader();
    this.db = db;
    this.store = new NotifyStore(db, secrets);
    this.guard = new TargetGuard(allowed);
    this.jobs = jobs;
    this.incidents = incidents;
    this.services = services;
    this.people = people;
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.bookkeeping = new GroupCommit(db, "hush-notify-commit");
    senders.allowCoreThreadTimeOut(true);
    this.plans = new TtlCache<>(clock, 1_000, this::plan);
    this.startedAt = clock.millis();
    this.serviceNames = new TtlCache<>(clock, 10_000, id -> services.byId(id).map(Service::name).orElse("service " + id));
    this.testLimit = new TestSendLimit(clock, TEST_INTERVAL);
    this.mail = new EmailChannel(settings.smtpHost(), settings.smtpPort(), settings.mailFrom());
    channels.put(ChannelKind.EMAIL, mail);
    channels.put(ChannelKind.SLACK, new SlackChannel(guard));
    channels.put(ChannelKind.TEAMS, new TeamsChannel(guard));
    channels.put(ChannelKind.WEBHOOK, new WebhookChannel(guard));
    channels.put(ChannelKind.NTFY, new NtfyChannel(guard));
    channels.put(ChannelKind.SMS, new SmsChannel(settings.smsBaseUrl(), settings.smsFrom()));
    // One Twilio-compatible account and number serve both texts and calls.
    channels.put(ChannelKind.VOICE, new VoiceChannel(settings.smsBaseUrl(), settings.smsFrom()));
  }

  /** Registers a listener told of every page to a person, in the transaction that queues it. */
  public void onPaged(PagedListener listener) {
    pagedListeners.add(listener);
  }

  /**
   * Sends a plain-text e-mail that is not a page (a review reminder, minutes, a digest) to a
   * person's sign-in address. Throws when the mail server refuses, so the job that sends it retries.
   */
  public void mail(String to, String subject, String body) throws Exception {
    mail.sendText(to, subject, body);
  }

  // ---- contact methods and rules ----------------------------------------------------------------

  public ContactMethod addContactMethod(long userId, ChannelKind kind, String name, String address, String secret) {
    String a = address == null ? "" : address.strip();
    switch (kind) {
      case EMAIL -> {
        if (!a.matches("[^@\\s]+@[^@\\s]+")) {
          throw Problem.invalid("address", "an e-mail address is needed");
        }
      }
      case SMS, VOICE -> {
        if (!a.matches("\\+[1-9][0-9]{6,14}")) {
          throw Problem.invalid("address", "a phone number in international form (+4915…) is needed");
        }
        if (secret == null || !secret.contains(":")) {
          throw Problem.invalid("secret", "the " + (kind == ChannelKind.SMS ? "SMS" : "voice") + " account as 'sid:token' is needed");
        }
      }
      default -> {
        URI uri;
        try {
          uri = URI.create(a);
        } catch (IllegalArgumentException e) {
          throw Problem.invalid("address", "a URL is needed");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")) || uri.getHost() == null) {
          throw Problem.invalid("address", "an http(s) URL is needed");
        }
        // Checked again at every send: the name may resolve elsewhere by then.
        guard.check("address", a);
      }
    }
    String s = secret == null || secret.isBlank() ? (kind == ChannelKind.WEBHOOK ? Secrets.generate("whsec_", 32) : "") : secret;
    String n = name == null || name.isBlank() ? kind.dbValue() : name.strip();
    ContactMethod created = db.inTransaction(h -> {
      ContactMethod m = store.method(store.insertMethod(userId, kind, n, a, s, clock.millis())).orElseThrow();
      people.audit(h, userId, "contact_method.create", "user:" + userId, null, null, audited(m));
      return m;
    });
    plans.invalidate(userId);
    return created;
  }

  /**
   * What the audit log keeps of a contact method: never its secret, only whether it has one, and
   * of a URL only where it goes (a webhook's, Slack's or an ntfy topic's path is as good as a secret).
   */
  private static Map<String, Object> audited(ContactMethod m) {
    String address = m.address();
    if (m.kind() != ChannelKind.EMAIL && m.kind() != ChannelKind.SMS && m.kind() != ChannelKind.VOICE) {
      URI uri;
      try {
        uri = URI.create(address);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      address = uri == null || uri.getRawAuthority() == null ? "(not shown)"
          : uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + "/…";
    }
    return state("contact_method_id", m.id(), "kind", m.kind(), "name", m.name(), "address", address,
        "secret", m.secret() == null || m.secret().isEmpty() ? "none" : "set");
  }


  /**
   * Why a page to this person would reach nobody, or empty when it would reach them: no contact
   * method at all, or none that a notification rule sends to.
   */
  public Optional<String> unreachableBecause(long userId) {
    if (!plans.get(userId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(store.methods(userId).isEmpty() ? "has no contact methods" : "has no notification rules that reach a contact method");
  }

  public List<ContactMethod> contactMethods(long userId) {
    return store.methods(userId);
  }

  public void deleteContactMethod(long userId, long methodId) {
    ContactMethod before = ownMethod(userId, methodId);
    db.useTransaction(h -> {
      store.deleteMethod(userId, methodId);
      people.audit(h, userId, "contact_method.delete", "user:" + userId, null, audited(before), null);
    });
    plans.invalidate(userId);
  }

  public long addRule(long userId, long methodId, int delayMinutes) {
    ownMethod(userId, methodId);
    if (delayMinutes < 0 || delayMinutes > 24 * 60) {
      throw Problem.invalid("delay_minutes", "delay_minutes must be between 0 and 1440");
    }
    long id = db.inTransaction(h -> {
      long rule = store.insertRule(userId, methodId, delayMinutes);
      people.audit(h, userId, "notification_rule.create", "user:" + userId, null, null,
          state("rule_id", rule, "contact_method_id", methodId, "delay_minutes", delayMinutes));
      return rule;
    });
    plans.invalidate(userId);
    return id;
  }

  public List<Rule> rules(long userId) {
    return store.rules(userId);
  }

  private ContactMethod ownMethod(long userId, long methodId) {
    return store.method(methodId).filter(m -> m.userId() == userId)
        .orElseThrow(() -> Problem.notFound("contact_method", "no contact method " + methodId + " of yours"));
  }

  // ---- paging ------------------------------------------------------------------------------------

  /**
   * One queued message to one person on one channel, with everything its delivery needs, so a
   * page queued by ingest is sent without reading anything back. {@code incident} is null for a
   * notice that is about no incident (a contact method that keeps failing).
   */
  public record Notification(String key, IncidentFacts incident, User user, ContactMethod method, long queuedAt) {
    Long incidentId() {
      return incident == null ? null : incident.id();
    }
  }

  /** One contact method a person is paged on, and how many minutes into a page. */
  private record Planned(ContactMethod method, int delayMinutes) {}

  /** A person's notification rules as contact methods with delays; every method at once when there are no rules. */
  private List<Planned> plan(long userId) {
    List<Rule> rules = store.rules(userId);
    List<ContactMethod> methods = store.methods(userId);
    if (rules.isEmpty()) {
      return methods.stream().map(m -> new Planned(m, 0)).toList();
    }
    Map<Long, ContactMethod> byId = new LinkedHashMap<>();
    methods.forEach(m -> byId.put(m.id(), m));
    Map<Long, Planned> planned = new LinkedHashMap<>();
    rules.stream().filter(r -> byId.containsKey(r.contactMethodId()))
        .forEach(r -> planned.putIfAbsent(r.contactMethodId(), new Planned(byId.get(r.contactMethodId()), r.delayMinutes())));
    return List.copyOf(planned.values());
  }

  /**
   * Queues the pages of one escalation step for one person, inside the caller's transaction: one
   * outbox row per planned method, and a delivery job for those due later. Returns the pages due
   * now, for {@link #sendNow} once the transaction has committed; if a crash keeps one from going
   * out, {@link #recoverUnsent} delivers it. Pages queued by an earlier run of the same step are not
   * returned again. The person's interruption is counted in the same transaction, once per incident
   * however often its steps page them.
   */
  public List<Notification> page(Handle h, IncidentFacts incident, String stepKey, long userId) {
    List<Planned> plan = plans.get(userId);
    // A disabled person is not paged: an admin who disables someone still on a rotation must not break the escalation.
    Optional<User> found = people.recentUser(userId);
    if (plan.isEmpty() || found.isEmpty()) {
      return List.of();
    }
    long now = clock.millis();
    User user = found.get();
    pagedListeners.forEach(l -> l.paged(h, incident.id(), user, now));
    List<Notification> immediate = new ArrayList<>();
    boolean queued = false;
    for (Planned p : plan) {
      String key = stepKey + ":u" + userId + ":cm" + p.method().id();
      if (NotifyStore.insertOutbound(h, key, incident.id(), userId, p.method().id(), now, p.delayMinutes() == 0)) {
        queued = true;
        if (p.delayMinutes() == 0) {
          immediate.add(new Notification(key, incident, user, p.method(), now));
        } else {
          jobs.enqueue(h, new JobSpec(DELIVER_JOB, key, key, now + p.delayMinutes() * 60_000L, MAX_ATTEMPTS));
        }
      }
    }
    if (queued) {
      incidents.paged(h, incident.id(), now);
    }
    return immediate;
  }

  /** A step that posts to a channel (a team's Slack room, say): that one contact method, at once. */
  public List<Notification> pageChannel(Handle h, IncidentFacts incident, String stepKey, ContactMethod m) {
    String key = stepKey + ":channel" + m.id();
    if (!NotifyStore.insertOutbound(h, key, incident.id(), m.userId(), m.id(), clock.millis(), true)) {
      return List.of();
    }
    User owner = people.recentUser(m.userId()).orElseThrow();
    return List.of(new Notification(key, incident, owner, m, clock.millis()));
  }

  /**
   * The outbox relay for pages sent straight after their commit, which have no job of their own:
   * one that is still queued and never attempted {@link #RECOVER_AFTER} after it was queued (on
   * SQLite: or queued before this process started) was held by a node that died; it gets a
   * delivery job now. Runs every {@link #RECOVERY_EVERY} as a job
   * (so one node does each pass), and queues the next pass first.
   */
  public void recoverUnsent(Job job) {
    scheduleRecovery(clock.millis() + RECOVERY_EVERY.toMillis());
    long lostBefore = clock.millis() - RECOVER_AFTER.toMillis();
    if (db.dialect().oneServingNode()) {
      // A page queued before this process started is in nobody's hands.
      lostBefore = Math.max(lostBefore, startedAt);
    }
    List<String> unsent = store.unsentDirectPages(lostBefore, 1_000);
    if (!unsent.isEmpty()) {
      LOG.warn("{} pages were queued but never sent (a node stopped mid-send); delivering them now", unsent.size());
      db.useTransaction(h -> unsent.forEach(k -> jobs.enqueue(h, new JobSpec(DELIVER_JOB, k, k, clock.millis(), MAX_ATTEMPTS))));
    }
  }

  /** Makes sure the recovery pass runs; every node asks at start, one row per pass whoever asks. */
  public void scheduleRecovery(long at) {
    long slot = at / RECOVERY_EVERY.toMillis();
    jobs.enqueue(JobSpec.of(RECOVER_JOB, "", RECOVER_JOB + ":" + slot, slot * RECOVERY_EVERY.toMillis()));
  }

  public Optional<ContactMethod> contactMethod(long id) {
    return store.method(id);
  }

  /** Sends committed pages straight away on the sender threads; the recovery pass is their fallback. */
  public void sendNow(Collection<Notification> pages) {
    for (Notification page : pages) {
      senders.execute(() -> {
        try {
          attempt(page, 1, true);
        } catch (Exception e) {
          // Recorded by attempt(), which queued a delivery job to retry with back-off.
        }
      });
    }
  }

  /**
   * Waits up to {@code max} until every page handed to {@link #sendNow} has had its first attempt:
   * for a caller that moves its clock on and must not leave a page behind on the old time.
   * Returns whether none is left.
   */
  public boolean awaitSends(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (senders.getCompletedTaskCount() < senders.getTaskCount()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** The delivery job: retries of a failed page, delayed rule steps, and pages a crash left unsent. */
  public void deliver(Job job) throws Exception {
    String key = job.payload();
    NotifyStore.Outbound out = store.outbound(key).orElse(null);
    if (out == null || !"queued".equals(out.status())) {
      return;
    }
    ContactMethod method = store.method(out.contactMethodId()).orElse(null);
    Incident incident = out.incidentId() == null ? null : incidents.byId(out.incidentId()).orElse(null);
    if (method == null) {
      skip(key, "contact method deleted");
      return;
    }
    // A page for an incident someone already acknowledged or resolved is not needed any more.
    if (incident != null && incident.status() != IncidentStatus.TRIGGERED && !key.endsWith(":immediate")) {
      skip(key, "incident already " + incident.status().dbValue());
      return;
    }
    User user = people.user(out.userId()).orElseThrow();
    IncidentFacts facts = incident == null ? null : incidents.facts(incident);
    attempt(new Notification(key, facts, user, method, clock.millis()), out.attempts() + 1, false);
  }

  private void skip(String key, String why) {
    bookkeeping.submit(h -> NotifyStore.markSkipped(h, key, why)).join();
  }

  /**
   * One delivery attempt. Its bookkeeping (outbox status, timeline line, a retry) goes through the
   * group commit, so a burst of pages shares fsyncs. A provider that refuses the message for good
   * (a 4xx: wrong URL, revoked token) is not retried; any other failure throws after scheduling the retry.
   */
  private void attempt(Notification page, int attemptNo, boolean direct) throws Exception {
    ContactMethod method = page.method();
    User user = page.user();
    String key = page.key();
    try {
      if (direct) {
        // A page that cannot start within its window is left to the recovery pass, which only takes
        // pages older than RECOVER_AFTER: so no page is ever both in a sender's hands and recovered.
        long left = page.queuedAt() + DIRECT_SEND_WINDOW.toMillis() - clock.millis();
        if (left <= 0 || !sending.tryAcquire(left, TimeUnit.MILLISECONDS)) {
          LOG.warn("page {} waited {} for a send slot; the recovery pass will deliver it", key, DIRECT_SEND_WINDOW);
          return;
        }
      } else {
        sending.acquire();
      }
      try {
        // Built here, on the sender's thread, not in the transaction that queued the page.
        channels.get(method.kind()).send(message(key, page.incident(), user), method);
      } finally {
        sending.release();
      }
    } catch (Exception e) {
      // A refusal, or a target that now resolves to an address pages may not reach: retrying cannot help.
      boolean refused = e instanceof DeliveryRefused r && r.permanent() || e instanceof TargetGuard.Refused;
      boolean last = refused || attemptNo >= MAX_ATTEMPTS;
      bookkeeping.submit(h -> {
        NotifyStore.markAttemptFailed(h, key, e.toString(), last);
        if (page.incidentId() != null) {
          incidents.recordAction(h, page.incidentId(), "notify_failed", null, method.kind().dbValue() + " to " + user.name()
              + " (attempt " + attemptNo + (refused ? ", refused for good, not retried" : "") + "): " + shortError(e));
        }
        if (direct && !refused) {
          // The first, direct attempt failed: a delivery job takes over, from the first back-off on.
          jobs.enqueue(h, new JobSpec(DELIVER_JOB, key, key, clock.millis() + 1_000, MAX_ATTEMPTS));
        }
      }).join();
      if (refused || attemptNo == FAILING_AFTER) {
        reportFailingMethod(method, user, page.incidentId());
      }
      if (refused) {
        return;
      }
      throw e;
    }
    bookkeeping.submit(h -> {
      if (NotifyStore.markSent(h, key, clock.millis()) && page.incidentId() != null) {
        incidents.recordAction(h, page.incidentId(), "notified", null,
            method.kind().dbValue() + " to " + user.name() + " (" + method.name() + ", attempt " + attemptNo + ")");
      }
    }).join();
    if (method.failingSince() != null) {
      setFailing(method, null);
    }
  }

  /** Tells the person, through their next working method, that one of theirs keeps failing. */
  private void reportFailingMethod(ContactMethod failing, User user, Long incidentId) {
    setFailing(failing, clock.millis());
    Optional<ContactMethod> other = store.methods(user.id()).stream()
        .filter(m -> m.id() != failing.id() && m.failingSince() == null).findFirst();
    if (other.isEmpty()) {
      LOG.warn("contact method {} of {} keeps failing and there is no other method to say so", failing.id(), user.email());
      return;
    }
    String key = "failing:" + failing.id() + ":" + (incidentId == null ? "test" : incidentId) + ":u" + user.id() + ":cm" + other.get().id()
        + ":immediate";
    db.useTransaction(h -> {
      if (NotifyStore.insertOutbound(h, key, incidentId, user.id(), other.get().id(), clock.millis(), false)) {
        jobs.enqueue(h, new JobSpec(DELIVER_JOB, key, key, clock.millis(), MAX_ATTEMPTS));
      }
    });
  }

  private void setFailing(ContactMethod method, Long since) {
    store.setFailing(method.id(), since);
    plans.invalidate(method.userId());
  }

  /**
   * Sends a test message to one of the caller's methods now, and says what happened (a refusal by
   * its status and a short reason, never the peer's reply); at most one test per person every 30 s,
   * whichever method, so many methods cannot multiply it.
   */
  public String test(long userId, long methodId) {
    ContactMethod m = ownMethod(userId, methodId);
    testLimit.acquire(userId);
    User user = people.user(userId).orElseThrow();
    Message message = new Message("test:" + methodId + ":" + clock.millis(), 0, "Test notification from Hush", "info", "Hush",
        baseUrl + "/settings", baseUrl + "/settings", user.name(), "{\"test\":true}");
    try {
      channels.get(m.kind()).send(message, m);
      return "sent";
    } catch (Exception e) {
      throw new Problem(502, "delivery_failed", "contact_method", m.kind().dbValue() + " did not take the message: " + shortError(e));
    }
  }

  private Message message(String key, IncidentFacts incident, User user) {
    if (incident == null) {
      return new Message(key, 0, "A contact method of yours keeps failing", "warning", "Hush", baseUrl + "/settings",
          baseUrl + "/settings", user.name(), "{}");
    }
    String service = serviceNames.get(incident.serviceId());
    String title = key.startsWith("failing:") ? "Your other contact method keeps failing while paging for: " + incident.title() : incident.title();
    String ack = baseUrl + "/ack/" + ackLinks().create(incident.id(), incident.episode(), user.id(),
        clock.millis() + ACK_LINK_LIFETIME.toMillis());
    return new Message(key, incident.id(), title, incident.severity(), service, baseUrl + "/incidents/" + incident.id(), ack, user.name(),
        details(incident), incident.content());
  }

  /** What a valid ack link grants: acknowledging this episode of this incident as this person. */
  public record Grant(long incidentId, int episode, long userId) {}

  /**
   * What an ack link grants, or why it grants nothing: a Problem for a link that is invalid or
   * expired (403), or that was sent for an earlier episode of the incident, before a reopen (410).
   */
  public Grant ackGrant(String token) {
    AckLinks.Grant g = ackLinks().verify(token, clock.millis()).orElseThrow(() ->
        new Problem(403, "invalid_link", "token", "this acknowledge link is invalid or has expired; open Hush to acknowledge"));
    if (incidents.require(g.incidentId()).episode() != g.episode()) {
      throw new Problem(410, "earlier_episode", "token",
          "this link is for an earlier episode of the incident: it was reopened since; open Hush to acknowledge");
    }
    return new Grant(g.incidentId(), g.episode(), g.userId());
  }

  /** An intact ack token's grant, expired or not: the voice keypad checks the caller's signature before it says anything. */
  Optional<AckLinks.Grant> openAckLink(String token) {
    return ackLinks().open(token);
  }

  long now() {
    return clock.millis();
  }

  String baseUrl() {
    return baseUrl;
  }

  /** The auth tokens of a person's voice accounts ("sid:token"), which sign the voice provider's callbacks. */
  List<String> voiceAuthTokens(long userId) {
    return store.methods(userId).stream().filter(m -> m.kind() == ChannelKind.VOICE && m.secret().indexOf(':') > 0)
        .map(m -> m.secret().substring(m.secret().indexOf(':') + 1)).toList();
  }

  /**
   * Run once at start, after the migrations: stops when this process's secret key is not the one
   * the store's secrets were sealed with, then seals whatever is still stored in plaintext (rows
   * written before secrets were sealed at rest, or by an older node during an upgrade). It writes
   * nothing when there is nothing to seal. Chosen over a Flyway Java migration because it is
   * idempotent and needs the key, which Flyway should not have to carry.
   */
  public void sealStoredSecrets() {
    if (!store.keyMatches(clock.millis())) {
      throw new Problem(500, "secret_key_mismatch", "HUSH_SECRET_KEY", "the store's credentials were sealed with another secret key: "
          + "restore the key file from the backup of the data folder, or set HUSH_SECRET_KEY to the key they were sealed with");
    }
    int sealed = store.sealPlaintext();
    if (sealed > 0) {
      LOG.info("sealed {} stored credentials that were still in plaintext", sealed);
    }
  }

  /**
   * The shared signing key, read (or made) on first use. Messages are built on the sender's thread,
   * never inside another transaction, so this write can never wait on one.
   */
  private AckLinks ackLinks() {
    AckLinks links = ackLinks;
    if (links == null) {
      links = new AckLinks(store.nodeSecret("ack_link_key", Secrets.generate("", 48), clock.millis()).getBytes(StandardCharsets.UTF_8));
      ackLinks = links;
    }
    return links;
  }

  /** The alert's identity for receivers: dedup key, source, and its labels (Alertmanager) or custom details (PagerDuty). */
  private static String details(IncidentFacts incident) {
    ObjectNode details = Json.MAPPER.createObjectNode();
    details.put("dedup_key", incident.dedupKey());
    details.put("source", incident.source());
    details.put("fingerprint", incident.fingerprint());
    if (incident.firstEventBody() != null) {
      try {
        JsonNode event = Json.parse(incident.firstEventBody());
        JsonNode labels = event.has("labels") ? event.get("labels") : event.path("payload").path("custom_details");
        if (labels.isObject()) {
          details.set("labels", labels);
        }
      } catch (Problem unreadable) {
        // A received body is always JSON; if it ever is not, the page still goes out without labels.
      }
    }
    return details.toString();
  }

  public long countSent(long incidentId) {
    return store.countSent(incidentId);
  }

  @java.lang.Override
  public void close() {
    // Pages in flight get a moment to record how they went; any cut off are the recovery pass's.
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    bookkeeping.close();
  }

  private static String shortError(Exception e) {
    String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}

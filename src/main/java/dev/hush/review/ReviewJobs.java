package dev.hush.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.actions.ActionItem;
import dev.hush.core.Json;
import dev.hush.jobs.Job;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobSpec;
import dev.hush.jobs.JobWorker;
import dev.hush.notify.NotifyService;
import dev.hush.people.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The review's background work, as jobs: preparing each team's review when its week ends, the
 * reminder before the meeting, the minutes after it, and the owners' weekly digest. Each mail is a
 * job of its own, so a mail server that fails half-way never makes anyone get a mail twice.
 */
public final class ReviewJobs {
  static final String PREPARE_JOB = "review.prepare";
  static final String MAIL_JOB = "review.mail";
  /** A team's week may end at any hand-off; looking at least hourly bounds how late a review is prepared. */
  private static final Duration LONGEST_WAIT = Duration.ofHours(1);
  private static final DateTimeFormatter MEETING = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);

  /** One e-mail to one person. */
  record Mail(String to, String subject, String body) {}

  private final ReviewService reviews;
  private final NotifyService notify;
  private final JobQueue jobs;
  private final Clock clock;
  private final String baseUrl;

  public ReviewJobs(ReviewService reviews, NotifyService notify, JobQueue jobs, Clock clock, String baseUrl) {
    this.reviews = reviews;
    this.notify = notify;
    this.jobs = jobs;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Registers the review's jobs with the engine and queues the first look for weeks that ended. */
  public void install(JobWorker worker) {
    worker.register(PREPARE_JOB, this::prepare);
    worker.register(ReviewService.REMIND_JOB, this::remind);
    worker.register(ReviewService.MINUTES_JOB, this::minutes);
    worker.register(ReviewService.DIGEST_JOB, this::digest);
    worker.register(MAIL_JOB, this::mail);
    schedule(clock.millis());
  }

  void prepare(Job job) {
    reviews.prepareDue();
    long now = clock.millis();
    schedule(Math.min(reviews.nextWeekEnd(), now + LONGEST_WAIT.toMillis()));
  }

  /** One look per due instant: every node asking for the same instant queues it once. */
  private void schedule(long at) {
    jobs.enqueue(JobSpec.of(PREPARE_JOB, "", PREPARE_JOB + ":" + at, at));
  }

  void remind(Job job) {
    Review r = reviews.require(Long.parseLong(job.payload()));
    if (r.status() != ReviewStatus.SCHEDULED) {
      return;
    }
    for (User u : reviews.teamPeople(r)) {
      String when = MEETING.format(Instant.ofEpochMilli(r.meetingAt()).atZone(ZoneId.of(u.timeZone())));
      String body = "The " + r.teamName() + " weekly review meets " + when + ".\n\n"
          + "Facilitator: " + (r.facilitatorName() == null ? "nobody was on call last week; a manager runs it" : r.facilitatorName()
          + " (last week's on-call)") + "\n"
          + "Agenda: incidents " + r.section(Section.INCIDENTS).minutes() + " min, dashboards " + r.section(Section.DASHBOARDS).minutes()
          + " min, new work " + r.section(Section.NEW_WORK).minutes() + " min, action items " + r.section(Section.ACTION_ITEMS).minutes() + " min.\n\n"
          + "Open it: " + baseUrl + "/reviews/" + r.id() + "\n";
      queueMail("remind:" + r.id() + ":" + u.id(), new Mail(u.email(), "Weekly review " + when + ": " + r.teamName(), body));
    }
  }

  void minutes(Job job) {
    Review r = reviews.require(Long.parseLong(job.payload()));
    for (User u : reviews.teamPeople(r)) {
      queueMail("minutes:" + r.id() + ":" + u.id(), new Mail(u.email(), "Minutes: " + r.teamName() + " weekly review",
          r.minutes() + "\n---\n" + baseUrl + "/reviews/" + r.id() + "\n"));
    }
  }

  void digest(Job job) {
    Review r = reviews.require(Long.parseLong(job.payload()));
    for (Map.Entry<Long, List<ActionItem>> e : reviews.pendingByOwner(r.teamId()).entrySet()) {
      User owner = reviews.user(e.getKey()).orElse(null);
      if (owner == null) {
        continue;
      }
      StringBuilder body = new StringBuilder("Your open action items in " + r.teamName()
          + ". They come before feature work; the review carries them over until they are done.\n\n");
      for (ActionItem i : e.getValue()) {
        body.append("- ").append(i.priority()).append(' ').append(i.title()).append(i.due() == null ? "" : ", due " + i.due())
            .append(i.overdue() ? " (OVERDUE)" : "").append(", open ").append(i.slipWeeks()).append(" week(s), carried over ")
            .append(i.carriedOver()).append("×\n  ").append(baseUrl).append("/actions/").append(i.id()).append('\n');
      }
      queueMail("digest:" + r.id() + ":" + owner.id(), new Mail(owner.email(), "Your action items: " + e.getValue().size() + " open in "
          + r.teamName(), body.toString()));
    }
  }

  void mail(Job job) throws Exception {
    JsonNode m = Json.parse(job.payload());
    notify.mail(m.path("to").asText(), m.path("subject").asText(), m.path("body").asText());
  }

  private void queueMail(String key, Mail mail) {
    jobs.enqueue(JobSpec.of(MAIL_JOB, Json.write(mail), MAIL_JOB + ":" + key, clock.millis()));
  }
}

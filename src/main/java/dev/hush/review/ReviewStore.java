package dev.hush.review;

import dev.hush.store.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL for reviews, their sections, attendees, findings, launches and settings. Every method takes the caller's handle. */
final class ReviewStore {
  private static final String COLUMNS = "id, team_id, week_start, week_end, meeting_at, facilitator_user_id, status, started_at, "
      + "closed_at, closed_by, overdue_ack_by, overdue_ack_at, overdue_ack_note, overdue_ack_items, minutes";

  /** A review as stored, before its team's name, sections and attendees are attached. */
  record Row(long id, long teamId, long weekStart, long weekEnd, long meetingAt, Long facilitatorId, ReviewStatus status, Long startedAt,
      Long closedAt, Long closedBy, Review.OverdueAck overdueAck, String minutes) {}

  record FindingRow(long id, long reviewId, Long serviceId, FindingKind kind, String text, Long actionItemId, Long createdBy, long createdAt) {}

  record LaunchRow(long id, long teamId, long reviewId, String title, Long serviceId, String launchDate, List<String> checks, long createdAt) {}

  private ReviewStore() {}

  /** Inserts the week's review unless the team has one for that week; empty when it already had. */
  static Optional<Long> insert(Handle h, long teamId, long weekStart, long weekEnd, long meetingAt, Long facilitatorId, long now) {
    int inserted = h.createUpdate("""
            INSERT INTO reviews (team_id, week_start, week_end, meeting_at, facilitator_user_id, status, created_at)
            VALUES (:team, :start, :end, :meeting, :facilitator, 'scheduled', :now)
            ON CONFLICT (team_id, week_start) DO NOTHING""")
        .bind("team", teamId).bind("start", weekStart).bind("end", weekEnd).bind("meeting", meetingAt)
        .bind("facilitator", facilitatorId).bind("now", now).execute();
    if (inserted == 0) {
      return Optional.empty();
    }
    return h.createQuery("SELECT id FROM reviews WHERE team_id = :team AND week_start = :start")
        .bind("team", teamId).bind("start", weekStart).mapTo(Long.class).findOne();
  }

  static void insertSections(Handle h, long reviewId, ReviewSettings settings) {
    var batch = h.prepareBatch("INSERT INTO review_sections (review_id, section, minutes) VALUES (:review, :section, :minutes)");
    for (Section s : Section.values()) {
      batch.bind("review", reviewId).bind("section", s.slug()).bind("minutes", settings.minutes(s)).add();
    }
    batch.execute();
  }

  static void insertExpected(Handle h, long reviewId, List<Long> userIds) {
    if (userIds.isEmpty()) {
      return;
    }
    var batch = h.prepareBatch("INSERT INTO review_attendees (review_id, user_id, expected, attended) VALUES (:review, :user, 1, 0)");
    for (long user : userIds) {
      batch.bind("review", reviewId).bind("user", user).add();
    }
    batch.execute();
  }

  /** Snapshots the team's pending items into the review as carried over. */
  static int carryPending(Handle h, long reviewId, long teamId) {
    return h.createUpdate("""
            INSERT INTO review_action_items (review_id, action_item_id, carried)
            SELECT :review, id, 1 FROM action_items WHERE team_id = :team AND status IN ('open', 'in_progress')""")
        .bind("review", reviewId).bind("team", teamId).execute();
  }

  static void linkCreated(Handle h, long reviewId, long actionItemId) {
    h.createUpdate("INSERT INTO review_action_items (review_id, action_item_id, carried) VALUES (:review, :item, 0)")
        .bind("review", reviewId).bind("item", actionItemId).execute();
  }

  /** The review's items: carried ones ({@code true}) and created ones ({@code false}), by item id. */
  static Map<Long, Boolean> itemLinks(Handle h, long reviewId) {
    Map<Long, Boolean> out = new LinkedHashMap<>();
    h.createQuery("SELECT action_item_id, carried FROM review_action_items WHERE review_id = :review ORDER BY action_item_id")
        .bind("review", reviewId).map((rs, ctx) -> out.put(rs.getLong(1), rs.getInt(2) == 1)).list();
    return out;
  }

  /** The reviews an item was carried into or created in, newest week first. */
  static List<ReviewService.ItemReview> reviewsOfItem(Handle h, long itemId) {
    return h.createQuery("""
            SELECT r.id, r.week_start, l.carried FROM review_action_items l JOIN reviews r ON r.id = l.review_id
            WHERE l.action_item_id = :item ORDER BY r.week_start DESC LIMIT 100""")
        .bind("item", itemId)
        .map((rs, ctx) -> new ReviewService.ItemReview(rs.getLong("id"), rs.getLong("week_start"), rs.getInt("carried") == 1)).list();
  }

  static Optional<Row> byId(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE id = :id").bind("id", id).map(ReviewStore::row).findOne();
  }

  static Optional<Row> byWeek(Handle h, long teamId, long weekStart) {
    return h.createQuery("SELECT " + COLUMNS + " FROM reviews WHERE team_id = :team AND week_start = :start")
        .bind("team", teamId).bind("start", weekStart).map(ReviewStore::row).findOne();
  }

  static Optional<Long> teamOf(Handle h, long id) {
    return h.createQuery("SELECT team_id FROM reviews WHERE id = :id").bind("id", id).mapTo(Long.class).findOne();
  }

  /**
   * The team's reviews, newest week first; with {@code query}, only those whose minutes or notes
   * contain it (case-insensitive).
   */
  static List<Row> list(Handle h, long teamId, String query, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM reviews r WHERE team_id = :team"
        + (query == null ? "" : " AND " + """
            (LOWER(r.minutes) LIKE :q ESCAPE '!'
               OR EXISTS (SELECT 1 FROM review_sections s WHERE s.review_id = r.id AND LOWER(s.notes) LIKE :q ESCAPE '!')
               OR EXISTS (SELECT 1 FROM review_findings f WHERE f.review_id = r.id AND LOWER(f.text) LIKE :q ESCAPE '!'))""")
        + " ORDER BY week_start DESC LIMIT :limit";
    var q = h.createQuery(sql).bind("team", teamId).bind("limit", limit);
    if (query != null) {
      q.bind("q", "%" + query.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
    }
    return q.map(ReviewStore::row).list();
  }

  /** The sections of these reviews, in agenda order, by review id. */
  static Map<Long, List<Review.SectionState>> sections(Handle h, Collection<Long> reviewIds) {
    Map<Long, List<Review.SectionState>> out = new HashMap<>();
    h.createQuery("SELECT review_id, section, minutes, started_at, ended_at, notes FROM review_sections WHERE review_id IN (<ids>)")
        .bindList("ids", List.copyOf(reviewIds))
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong("review_id"), k -> new ArrayList<>()).add(new Review.SectionState(
            Section.parse("section", rs.getString("section")), rs.getInt("minutes"), Rows.nullableLong(rs, "started_at"),
            Rows.nullableLong(rs, "ended_at"), rs.getString("notes"))))
        .list();
    out.values().forEach(list -> list.sort(Comparator.comparing(Review.SectionState::section)));
    return out;
  }

  /** Attendee rows of these reviews: review id → user id → {expected, attended}. */
  static Map<Long, Map<Long, boolean[]>> attendees(Handle h, Collection<Long> reviewIds) {
    Map<Long, Map<Long, boolean[]>> out = new HashMap<>();
    h.createQuery("SELECT review_id, user_id, expected, attended FROM review_attendees WHERE review_id IN (<ids>) ORDER BY user_id")
        .bindList("ids", List.copyOf(reviewIds))
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getLong(2),
            new boolean[] {rs.getInt(3) == 1, rs.getInt(4) == 1}))
        .list();
    return out;
  }

  static void setNotes(Handle h, long reviewId, Section s, String notes) {
    h.createUpdate("UPDATE review_sections SET notes = :notes WHERE review_id = :review AND section = :section")
        .bind("notes", notes).bind("review", reviewId).bind("section", s.slug()).execute();
  }

  /** Leaves every running section at {@code now} and starts {@code s} (again, when it ran before, its clock keeps its start). */
  static void enterSection(Handle h, long reviewId, Section s, long now) {
    h.createUpdate("UPDATE review_sections SET ended_at = :now WHERE review_id = :review AND started_at IS NOT NULL AND ended_at IS NULL")
        .bind("now", now).bind("review", reviewId).execute();
    h.createUpdate("""
            UPDATE review_sections SET started_at = COALESCE(started_at, :now), ended_at = NULL
            WHERE review_id = :review AND section = :section""")
        .bind("now", now).bind("review", reviewId).bind("section", s.slug()).execute();
  }

  static void endSections(Handle h, long reviewId, long now) {
    h.createUpdate("UPDATE review_sections SET ended_at = :now WHERE review_id = :review AND started_at IS NOT NULL AND ended_at IS NULL")
        .bind("now", now).bind("review", reviewId).execute();
  }

  static void start(Handle h, long reviewId, long now) {
    h.createUpdate("UPDATE reviews SET status = 'in progress', started_at = COALESCE(started_at, :now) WHERE id = :id AND status = 'scheduled'")
        .bind("now", now).bind("id", reviewId).execute();
  }

  static void setAttendance(Handle h, long reviewId, List<Long> attended) {
    Set<Long> expected = attendees(h, List.of(reviewId)).getOrDefault(reviewId, Map.of()).entrySet().stream()
        .filter(e -> e.getValue()[0]).map(Map.Entry::getKey).collect(Collectors.toSet());
    h.createUpdate("DELETE FROM review_attendees WHERE review_id = :review AND expected = 0").bind("review", reviewId).execute();
    h.createUpdate("UPDATE review_attendees SET attended = 0 WHERE review_id = :review").bind("review", reviewId).execute();
    if (attended.isEmpty()) {
      return;
    }
    h.createUpdate("UPDATE review_attendees SET attended = 1 WHERE review_id = :review AND user_id IN (<users>)")
        .bind("review", reviewId).bindList("users", List.copyOf(attended)).execute();
    List<Long> unexpected = attended.stream().filter(u -> !expected.contains(u)).toList();
    if (!unexpected.isEmpty()) {
      var batch = h.prepareBatch("INSERT INTO review_attendees (review_id, user_id, expected, attended) VALUES (:review, :user, 0, 1)");
      unexpected.forEach(u -> batch.bind("review", reviewId).bind("user", u).add());
      batch.execute();
    }
  }

  static void acknowledgeOverdue(Handle h, long reviewId, long userId, long now, String note, List<Long> itemIds) {
    h.createUpdate("""
            UPDATE reviews SET overdue_ack_by = :user, overdue_ack_at = :now, overdue_ack_note = :note, overdue_ack_items = :items
            WHERE id = :id""")
        .bind("user", userId).bind("now", now).bind("note", note).bind("items", join(itemIds)).bind("id", reviewId).execute();
  }

  static void close(Handle h, long reviewId, long userId, long now, String minutes) {
    h.createUpdate("""
            UPDATE reviews SET status = 'closed', closed_at = :now, closed_by = :user, minutes = :minutes,
              started_at = COALESCE(started_at, :now) WHERE id = :id""")
        .bind("now", now).bind("user", userId).bind("minutes", minutes).bind("id", reviewId).execute();
  }

  static long insertFinding(Handle h, long reviewId, Long serviceId, FindingKind kind, String text, Long createdBy, long now) {
    return h.createUpdate("""
            INSERT INTO review_findings (review_id, service_id, kind, text, created_by, created_at)
            VALUES (:review, :service, :kind, :text, :by, :now)""")
        .bind("review", reviewId).bind("service", serviceId).bind("kind", kind.dbValue()).bind("text", text).bind("by", createdBy)
        .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }

  static void linkFinding(Handle h, long findingId, long actionItemId) {
    h.createUpdate("UPDATE review_findings SET action_item_id = :item WHERE id = :id").bind("item", actionItemId).bind("id", findingId).execute();
  }

  static Optional<FindingRow> finding(Handle h, long reviewId, long findingId) {
    return h.createQuery("SELECT id, review_id, service_id, kind, text, action_item_id, created_by, created_at FROM review_findings "
            + "WHERE id = :id AND review_id = :review")
        .bind("id", findingId).bind("review", reviewId).map(ReviewStore::findingRow).findOne();
  }

  static List<FindingRow> findings(Handle h, long reviewId) {
    return h.createQuery("SELECT id, review_id, service_id, kind, text, action_item_id, created_by, created_at FROM review_findings "
            + "WHERE review_id = :review ORDER BY id")
        .bind("review", reviewId).map(ReviewStore::findingRow).list();
  }

  static long insertLaunch(Handle h, long teamId, long reviewId, String title, Long serviceId, String launchDate, List<String> checks,
      Long createdBy, long now) {
    return h.createUpdate("""
            INSERT INTO review_launches (team_id, review_id, title, service_id, launch_date, checks, created_by, created_at)
            VALUES (:team, :review, :title, :service, :date, :checks, :by, :now)""")
        .bind("team", teamId).bind("review", reviewId).bind("title", title).bind("service", serviceId).bind("date", launchDate)
        .bind("checks", String.join(",", checks)).bind("by", createdBy).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }

  static boolean setLaunchChecks(Handle h, long teamId, long launchId, List<String> checks) {
    return h.createUpdate("UPDATE review_launches SET checks = :checks WHERE id = :id AND team_id = :team")
        .bind("checks", String.join(",", checks)).bind("id", launchId).bind("team", teamId).execute() == 1;
  }

  /**
   * The team's launches still worth talking about: those entered in this review, those not yet
   * launched (a launch day from {@code today} on, or none), and those still missing a checklist item.
   */
  static List<LaunchRow> launches(Handle h, long teamId, long reviewId, String today, int checklistSize) {
    return h.createQuery("""
            SELECT id, team_id, review_id, title, service_id, launch_date, checks, created_at FROM review_launches
            WHERE team_id = :team AND review_id <= :review
              AND (review_id = :review OR launch_date IS NULL OR launch_date >= :today
                   OR LENGTH(checks) - LENGTH(REPLACE(checks, ',', '')) + CASE WHEN checks = '' THEN 0 ELSE 1 END < :size)
            ORDER BY CASE WHEN launch_date IS NULL THEN 1 ELSE 0 END, launch_date, id LIMIT 200""")
        .bind("team", teamId).bind("review", reviewId).bind("today", today).bind("size", checklistSize)
        .map(ReviewStore::launchRow)
        .list();
  }

  static Optional<LaunchRow> launch(Handle h, long teamId, long launchId) {
    return h.createQuery("SELECT id, team_id, review_id, title, service_id, launch_date, checks, created_at FROM review_launches "
            + "WHERE id = :id AND team_id = :team")
        .bind("id", launchId).bind("team", teamId).map(ReviewStore::launchRow).findOne();
  }

  static Optional<ReviewSettings> settings(Handle h, long teamId) {
    return h.createQuery("SELECT * FROM review_settings WHERE team_id = :team").bind("team", teamId)
        .map((rs, ctx) -> new ReviewSettings(teamId, rs.getInt("meeting_delay_minutes"), rs.getInt("reminder_minutes"), Map.of(
            Section.INCIDENTS, rs.getInt("incidents_minutes"), Section.DASHBOARDS, rs.getInt("dashboards_minutes"),
            Section.NEW_WORK, rs.getInt("new_work_minutes"), Section.ACTION_ITEMS, rs.getInt("action_items_minutes"))))
        .findOne();
  }

  static void saveSettings(Handle h, ReviewSettings s, long now) {
    h.createUpdate("DELETE FROM review_settings WHERE team_id = :team").bind("team", s.teamId()).execute();
    h.createUpdate("""
            INSERT INTO review_settings (team_id, meeting_delay_minutes, reminder_minutes, incidents_minutes, dashboards_minutes,
              new_work_minutes, action_items_minutes, updated_at)
            VALUES (:team, :delay, :reminder, :incidents, :dashboards, :newWork, :actions, :now)""")
        .bind("team", s.teamId()).bind("delay", s.meetingDelayMinutes()).bind("reminder", s.reminderMinutes())
        .bind("incidents", s.minutes(Section.INCIDENTS)).bind("dashboards", s.minutes(Section.DASHBOARDS))
        .bind("newWork", s.minutes(Section.NEW_WORK)).bind("actions", s.minutes(Section.ACTION_ITEMS)).bind("now", now).execute();
  }

  /** Timeboxes of reviews not yet started follow new settings; a running or closed meeting keeps its own. */
  static void applyTimeboxes(Handle h, long teamId, ReviewSettings s) {
    for (Section section : Section.values()) {
      h.createUpdate("""
              UPDATE review_sections SET minutes = :minutes
              WHERE section = :section AND review_id IN (SELECT id FROM reviews WHERE team_id = :team AND status = 'scheduled')""")
          .bind("minutes", s.minutes(section)).bind("section", section.slug()).bind("team", teamId).execute();
    }
  }

  private static Row row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    Long ackBy = Rows.nullableLong(rs, "overdue_ack_by");
    Review.OverdueAck ack = ackBy == null ? null
        : new Review.OverdueAck(ackBy, rs.getLong("overdue_ack_at"), rs.getString("overdue_ack_note"),
            split(rs.getString("overdue_ack_items")).stream().map(Long::parseLong).toList());
    return new Row(rs.getLong("id"), rs.getLong("team_id"), rs.getLong("week_start"), rs.getLong("week_end"), rs.getLong("meeting_at"),
        Rows.nullableLong(rs, "facilitator_user_id"), ReviewStatus.fromDb(rs.getString("status")), Rows.nullableLong(rs, "started_at"),
        Rows.nullableLong(rs, "closed_at"), Rows.nullableLong(rs, "closed_by"), ack, rs.getString("minutes"));
  }

  private static FindingRow findingRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    return new FindingRow(rs.getLong("id"), rs.getLong("review_id"), Rows.nullableLong(rs, "service_id"),
        FindingKind.fromDb(rs.getString("kind")), rs.getString("text"), Rows.nullableLong(rs, "action_item_id"),
        Rows.nullableLong(rs, "created_by"), rs.getLong("created_at"));
  }

  private static LaunchRow launchRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    return new LaunchRow(rs.getLong("id"), rs.getLong("team_id"), rs.getLong("review_id"), rs.getString("title"),
        Rows.nullableLong(rs, "service_id"), rs.getString("launch_date"), split(rs.getString("checks")), rs.getLong("created_at"));
  }

  private static String join(List<Long> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }
}

package dev.hush.oncall;

import dev.hush.store.Database;
import dev.hush.store.Rows;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL for rotations, schedules, overrides, swaps and iCal feeds. */
final class OncallStore {
  private final Database db;

  OncallStore(Database db) {
    this.db = db;
  }

  long insertRotation(long teamId, Rotation r, long now) {
    return db.inTransaction(h -> {
      long id = h.createUpdate("""
              INSERT INTO rotations (team_id, name, zone, kind, length, handoff_time, handoff_day, start_date, created_at)
              VALUES (:team, :name, :zone, :kind, :length, :time, :day, :start, :now)""")
          .bind("team", teamId).bind("name", r.name()).bind("zone", r.zone().getId()).bind("kind", r.kind().dbValue()).bind("length", r.length())
          .bind("time", r.handoffTime().toString()).bind("day", r.handoffDay() == null ? null : (Integer) r.handoffDay().getValue())
          .bind("start", r.startDate().toString()).bind("now", now)
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      insertOrder(h, id, r.orders().get(0));
      return id;
    });
  }

  void addOrder(long rotationId, Rotation.Order order) {
    db.useTransaction(h -> insertOrder(h, rotationId, order));
  }

  private static void insertOrder(Handle h, long rotationId, Rotation.Order order) {
    h.createUpdate("INSERT INTO rotation_orders (rotation_id, effective_from, user_ids) VALUES (:r, :from, :users)")
        .bind("r", rotationId).bind("from", order.effectiveFrom())
        .bind("users", order.userIds().stream().map(String::valueOf).collect(Collectors.joining(","))).execute();
  }

  Optional<Rotation> rotation(long id) {
    return db.withHandle(h -> rotation(h, id));
  }

  private static Optional<Rotation> rotation(Handle h, long id) {
    List<Rotation.Order> orders = h.createQuery("SELECT effective_from, user_ids FROM rotation_orders WHERE rotation_id = :id ORDER BY effective_from, id")
        .bind("id", id)
        .map((rs, ctx) -> new Rotation.Order(rs.getLong("effective_from"), parseIds(rs.getString("user_ids"))))
        .list();
    return h.createQuery("SELECT id, name, zone, kind, length, handoff_time, handoff_day, start_date FROM rotations WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> {
          Long day = Rows.nullableLong(rs, "handoff_day");
          return new Rotation(rs.getLong("id"), rs.getString("name"), ZoneId.of(rs.getString("zone")),
              ShiftKind.parse("kind", rs.getString("kind")), rs.getInt("length"), LocalTime.parse(rs.getString("handoff_time")),
              day == null ? null : DayOfWeek.of(day.intValue()), LocalDate.parse(rs.getString("start_date")), orders);
        })
        .findOne();
  }

  List<Rotation> rotations() {
    return db.withHandle(h -> h.createQuery("SELECT id FROM rotations ORDER BY name").mapTo(Long.class).list().stream()
        .map(id -> rotation(h, id).orElseThrow()).toList());
  }

  long insertSchedule(long teamId, String name, long now) {
    return db.withHandle(h -> h.createUpdate("INSERT INTO schedules (team_id, name, created_at) VALUES (:team, :name, :now)")
        .bind("team", teamId).bind("name", name).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  Optional<Long> rotationTeam(long rotationId) {
    return db.withHandle(h -> h.createQuery("SELECT team_id FROM rotations WHERE id = :id").bind("id", rotationId)
        .mapTo(Long.class).findOne());
  }

  /** Every rotation's team, by rotation id. */
  Map<Long, Long> rotationTeams() {
    return db.withHandle(h -> h.createQuery("SELECT id, team_id FROM rotations")
        .reduceRows(new HashMap<Long, Long>(), (teams, row) -> {
          teams.put(row.getColumn("id", Long.class), row.getColumn("team_id", Long.class));
          return teams;
        }));
  }

  Optional<Long> scheduleTeam(long scheduleId) {
    return db.withHandle(h -> h.createQuery("SELECT team_id FROM schedules WHERE id = :id").bind("id", scheduleId)
        .mapTo(Long.class).findOne());
  }

  /** A swap belongs to its schedule's team. */
  Optional<Long> swapTeam(long swapId) {
    return db.withHandle(h -> h.createQuery("SELECT s.team_id FROM shift_swaps w JOIN schedules s ON s.id = w.schedule_id WHERE w.id = :id")
        .bind("id", swapId).mapTo(Long.class).findOne());
  }

  long insertLayer(long scheduleId, int level, long rotationId, Restriction r) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO schedule_layers (schedule_id, level, rotation_id, restrict_days, restrict_from, restrict_until)
            VALUES (:s, :level, :r, :days, :from, :until)""")
        .bind("s", scheduleId).bind("level", level).bind("r", rotationId)
        .bind("days", r == null ? null : r.days().stream().map(d -> String.valueOf(d.getValue())).sorted().collect(Collectors.joining(",")))
        .bind("from", r == null ? null : r.from().toString()).bind("until", r == null ? null : r.until().toString())
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  Optional<Schedule> schedule(long id) {
    return db.withHandle(h -> schedule(h, id));
  }

  private static Optional<Schedule> schedule(Handle h, long id) {
    Optional<Map<String, Object>> head = h.createQuery("SELECT name, team_id FROM schedules WHERE id = :id").bind("id", id).mapToMap().findOne();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    List<Layer> layers = new ArrayList<>();
    for (var row : h.createQuery("SELECT id, level, rotation_id, restrict_days, restrict_from, restrict_until FROM schedule_layers WHERE schedule_id = :id ORDER BY level")
        .bind("id", id).mapToMap().list()) {
      String days = (String) row.get("restrict_days");
      Restriction restriction = days == null ? null : new Restriction(parseDays(days), LocalTime.parse((String) row.get("restrict_from")),
          LocalTime.parse((String) row.get("restrict_until")));
      long rotationId = ((Number) row.get("rotation_id")).longValue();
      layers.add(new Layer(((Number) row.get("id")).longValue(), ((Number) row.get("level")).intValue(),
          rotation(h, rotationId).orElseThrow(), restriction));
    }
    return Optional.of(new Schedule(id, ((Number) head.get().get("team_id")).longValue(), (String) head.get().get("name"), layers));
  }

  List<Schedule> schedules() {
    return db.withHandle(h -> h.createQuery("SELECT id FROM schedules ORDER BY name").mapTo(Long.class).list().stream()
        .map(id -> schedule(h, id).orElseThrow()).toList());
  }

  long insertOverride(long scheduleId, Override o, Long createdBy, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO schedule_overrides (schedule_id, starts_at, ends_at, kind, user_id, replaces_user_id, note, created_by, created_at)
            VALUES (:s, :start, :end, :kind, :user, :replaces, :note, :by, :now)""")
        .bind("s", scheduleId).bind("start", o.start()).bind("end", o.end()).bind("kind", o.kind().dbValue())
        .bind("user", o.userId()).bind("replaces", o.replacesUserId()).bind("note", o.note()).bind("by", createdBy).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  int deleteOverride(long scheduleId, long overrideId) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM schedule_overrides WHERE id = :id AND schedule_id = :s")
        .bind("id", overrideId).bind("s", scheduleId).execute());
  }

  Optional<Override> override(long scheduleId, long overrideId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, starts_at, ends_at, kind, user_id, replaces_user_id, note FROM schedule_overrides WHERE id = :id AND schedule_id = :s""")
        .bind("id", overrideId).bind("s", scheduleId)
        .map((rs, ctx) -> new Override(rs.getLong("id"), rs.getLong("starts_at"), rs.getLong("ends_at"),
            Override.Kind.parse("kind", rs.getString("kind")), rs.getLong("user_id"), Rows.nullableLong(rs, "replaces_user_id"),
            rs.getString("note")))
        .findOne());
  }

  /** Overrides of a schedule that overlap [from, to), oldest first. */
  List<Override> overrides(long scheduleId, long from, long to) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, starts_at, ends_at, kind, user_id, replaces_user_id, note FROM schedule_overrides
            WHERE schedule_id = :s AND ends_at > :from AND starts_at < :to ORDER BY id""")
        .bind("s", scheduleId).bind("from", from).bind("to", to)
        .map((rs, ctx) -> new Override(rs.getLong("id"), rs.getLong("starts_at"), rs.getLong("ends_at"),
            Override.Kind.parse("kind", rs.getString("kind")), rs.getLong("user_id"), Rows.nullableLong(rs, "replaces_user_id"),
            rs.getString("note")))
        .list());
  }

  long insertSwap(ShiftSwap s, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO shift_swaps (schedule_id, requester_id, counterpart_id, starts_at, ends_at, status, created_at)
            VALUES (:s, :req, :cp, :start, :end, 'pending', :now)""")
        .bind("s", s.scheduleId()).bind("req", s.requesterId()).bind("cp", s.counterpartId()).bind("start", s.start())
        .bind("end", s.end()).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  Optional<ShiftSwap> swap(long id) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, schedule_id, requester_id, counterpart_id, starts_at, ends_at, status FROM shift_swaps WHERE id = :id""")
        .bind("id", id)
        .map((rs, ctx) -> new ShiftSwap(rs.getLong("id"), rs.getLong("schedule_id"), rs.getLong("requester_id"),
            rs.getLong("counterpart_id"), rs.getLong("starts_at"), rs.getLong("ends_at"), rs.getString("status")))
        .findOne());
  }

  List<ShiftSwap> swapsFor(long userId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, schedule_id, requester_id, counterpart_id, starts_at, ends_at, status FROM shift_swaps
            WHERE (requester_id = :u OR counterpart_id = :u) ORDER BY starts_at DESC""")
        .bind("u", userId)
        .map((rs, ctx) -> new ShiftSwap(rs.getLong("id"), rs.getLong("schedule_id"), rs.getLong("requester_id"),
            rs.getLong("counterpart_id"), rs.getLong("starts_at"), rs.getLong("ends_at"), rs.getString("status")))
        .list());
  }

  /** Decides a pending swap; on accept, the override is created in the same transaction. */
  boolean decideSwap(ShiftSwap s, boolean accept, long now) {
    return db.inTransaction(h -> {
      Long overrideId = null;
      if (accept) {
        overrideId = h.createUpdate("""
                INSERT INTO schedule_overrides (schedule_id, starts_at, ends_at, kind, user_id, replaces_user_id, note, created_by, created_at)
                VALUES (:s, :start, :end, 'replace', :cp, :req, :note, :cp, :now)""")
            .bind("s", s.scheduleId()).bind("start", s.start()).bind("end", s.end()).bind("cp", s.counterpartId())
            .bind("req", s.requesterId()).bind("note", "shift swap #" + s.id()).bind("now", now)
            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      }
      return h.createUpdate("UPDATE shift_swaps SET status = :status, decided_at = :now, override_id = :o WHERE id = :id AND status = 'pending'")
          .bind("status", accept ? "accepted" : "declined").bind("now", now).bind("o", overrideId).bind("id", s.id())
          .execute() == 1;
    });
  }

  long insertFeed(String tokenHash, Long scheduleId, Long userId, long createdBy, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO ical_feeds (token_hash, schedule_id, user_id, created_by, created_at) VALUES (:t, :s, :u, :by, :now)""")
        .bind("t", tokenHash).bind("s", scheduleId).bind("u", userId).bind("by", createdBy).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /** (scheduleId, userId) of an active feed; exactly one is non-null. */
  Optional<Long[]> feed(String tokenHash) {
    return db.withHandle(h -> h.createQuery("SELECT schedule_id, user_id FROM ical_feeds WHERE token_hash = :t AND revoked_at IS NULL")
        .bind("t", tokenHash)
        .map((rs, ctx) -> new Long[] {Rows.nullableLong(rs, "schedule_id"), Rows.nullableLong(rs, "user_id")})
        .findOne());
  }

  /** (scheduleId, userId) of a feed by its id, as {@link #feed}. */
  Optional<Long[]> feedById(long feedId) {
    return db.withHandle(h -> h.createQuery("SELECT schedule_id, user_id FROM ical_feeds WHERE id = :id")
        .bind("id", feedId)
        .map((rs, ctx) -> new Long[] {Rows.nullableLong(rs, "schedule_id"), Rows.nullableLong(rs, "user_id")})
        .findOne());
  }

  int revokeFeed(long feedId, long createdBy, long now) {
    return db.inTransaction(h -> h.createUpdate("""
            UPDATE ical_feeds SET revoked_at = :now WHERE id = :id AND created_by = :by AND revoked_at IS NULL""")
        .bind("now", now).bind("id", feedId).bind("by", createdBy).execute());
  }

  /** The schedules a user appears in (any layer's current order). */
  List<Long> scheduleIdsWithUser(long userId) {
    return schedules().stream()
        .filter(s -> s.layers().stream().anyMatch(l -> l.rotation().orders().stream().anyMatch(o -> o.userIds().contains(userId))))
        .map(Schedule::id).toList();
  }

  static List<Long> parseIds(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(csv.split(",")).map(String::trim).map(Long::valueOf).toList();
  }

  static Set<DayOfWeek> parseDays(String csv) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : csv.split(",")) {
      days.add(DayOfWeek.of(Integer.parseInt(d.trim())));
    }
    return days;
  }
}

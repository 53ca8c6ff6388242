package dev.hush.people;

import dev.hush.store.Rows;
import dev.hush.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for users, teams, sessions, API tokens and the audit log. */
final class PeopleStore {
  private static final RowMapper<User> USER = (rs, ctx) -> new User(
      rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getInt("is_admin") == 1, rs.getString("time_zone"),
      rs.getInt("must_change_password") == 1);
  private static final String USER_COLUMNS = "id, email, name, is_admin, time_zone, must_change_password";

  private final Database db;

  PeopleStore(Database db) {
    this.db = db;
  }

  long countUsers() {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
  }

  long insertUser(String email, String name, String passwordHash, boolean admin, String timeZone, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO users (email, name, password_hash, is_admin, time_zone, created_at)
            VALUES (:email, :name, :hash, :admin, :zone, :now)""")
        .bind("email", email).bind("name", name).bind("hash", passwordHash)
        .bind("admin", admin ? 1 : 0).bind("zone", timeZone).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /** {@code expiresAt}: when a one-time password stops working (null for a password the person chose). */
  void updatePassword(long userId, String passwordHash, Long expiresAt) {
    db.useTransaction(h -> h.createUpdate("""
            UPDATE users SET password_hash = :hash, must_change_password = :oneTime, password_expires_at = :expires WHERE id = :id""")
        .bind("hash", passwordHash).bind("oneTime", expiresAt != null ? 1 : 0).bind("expires", expiresAt).bind("id", userId).execute());
  }

  Optional<Long> passwordExpiresAt(long userId) {
    return db.withHandle(h -> h.createQuery("SELECT password_expires_at FROM users WHERE id = :id")
        .bind("id", userId).mapTo(Long.class).findOne());
  }

  void updateUser(long userId, String name, String timeZone, boolean admin) {
    db.useTransaction(h -> h.createUpdate("UPDATE users SET name = :name, time_zone = :zone, is_admin = :admin WHERE id = :id")
        .bind("name", name).bind("zone", timeZone).bind("admin", admin ? 1 : 0).bind("id", userId).execute());
  }

  /** Disabling stops the person's sessions and tokens at once: both are looked up only for enabled people. */
  void setDisabled(long userId, Long disabledAt) {
    db.useTransaction(h -> {
      h.createUpdate("UPDATE users SET disabled_at = :at WHERE id = :id").bind("at", disabledAt).bind("id", userId).execute();
      if (disabledAt != null) {
        h.createUpdate("DELETE FROM sessions WHERE user_id = :id").bind("id", userId).execute();
      }
    });
  }

  /** Every session of the person but {@code keepTokenHash} (null: all), and every API token. */
  void revokeSessionsAndTokens(long userId, String keepTokenHash, long now) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM sessions WHERE user_id = :id AND token_hash <> :keep")
          .bind("id", userId).bind("keep", keepTokenHash == null ? "" : keepTokenHash).execute();
      h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE user_id = :id AND revoked_at IS NULL")
          .bind("id", userId).bind("now", now).execute();
    });
  }

  /** Everyone, disabled people too (marked), for the admin page. */
  List<UserStatus> userStatuses() {
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + ", disabled_at FROM users ORDER BY name")
        .map((rs, ctx) -> new UserStatus(USER.map(rs, ctx), Rows.nullableLong(rs, "disabled_at"))).list());
  }

  Map<Long, TeamRole> teamRoles(long userId) {
    return db.withHandle(h -> h.createQuery("SELECT team_id, role FROM team_members WHERE user_id = :user")
        .bind("user", userId)
        .reduceRows(new HashMap<Long, TeamRole>(), (roles, row) -> {
          roles.put(row.getColumn("team_id", Long.class), TeamRole.parse("role", row.getColumn("role", String.class)));
          return roles;
        }));
  }

  Optional<User> userById(long id) {
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id AND disabled_at IS NULL")
        .bind("id", id).map(USER).findOne());
  }

  Optional<User> userByEmail(String email) {
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE email = :email AND disabled_at IS NULL")
        .bind("email", email).map(USER).findOne());
  }

  Optional<String> passwordHash(long userId) {
    return db.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
        .bind("id", userId).mapTo(String.class).findOne());
  }

  List<User> users() {
    return db.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE disabled_at IS NULL ORDER BY name")
        .map(USER).list());
  }

  void insertSession(String tokenHash, long userId, String csrf, long now, long expiresAt) {
    db.useTransaction(h -> h.createUpdate("""
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
            VALUES (:hash, :user, :csrf, :now, :exp, :now)""")
        .bind("hash", tokenHash).bind("user", userId).bind("csrf", csrf).bind("now", now).bind("exp", expiresAt)
        .execute());
  }

  /** A live session: not past its lifetime, used within {@code idleSince}, of an enabled person. */
  Optional<SessionRow> session(String tokenHash, long now, long idleSince) {
    return db.withHandle(h -> h.createQuery("""
            SELECT u.id, u.email, u.name, u.is_admin, u.time_zone, u.must_change_password, s.csrf_token, s.last_seen_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = :hash AND s.expires_at > :now AND s.last_seen_at > :idleSince AND u.disabled_at IS NULL""")
        .bind("hash", tokenHash).bind("now", now).bind("idleSince", idleSince)
        .map((rs, ctx) -> new SessionRow(USER.map(rs, ctx), rs.getString("csrf_token"), rs.getLong("last_seen_at")))
        .findOne());
  }

  record SessionRow(User user, String csrfToken, long lastSeenAt) {}

  void touchSession(String tokenHash, long now) {
    db.useTransaction(h -> h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE token_hash = :hash")
        .bind("now", now).bind("hash", tokenHash).execute());
  }

  void deleteSession(String tokenHash) {
    db.useTransaction(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash").bind("hash", tokenHash).execute());
  }

  long insertApiToken(long userId, String name, String tokenHash, String prefix, boolean readOnly, Long teamId, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO api_tokens (user_id, name, token_hash, prefix, read_only, team_id, created_at)
            VALUES (:user, :name, :hash, :prefix, :readOnly, :team, :now)""")
        .bind("user", userId).bind("name", name).bind("hash", tokenHash).bind("prefix", prefix)
        .bind("readOnly", readOnly ? 1 : 0).bind("team", teamId).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /** A live token, its owner and its narrowing. */
  Optional<TokenRow> apiToken(String tokenHash) {
    return db.withHandle(h -> h.createQuery("""
            SELECT u.id, u.email, u.name, u.is_admin, u.time_zone, u.must_change_password, t.read_only, t.team_id, t.last_used_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND u.disabled_at IS NULL""")
        .bind("hash", tokenHash)
        .map((rs, ctx) -> new TokenRow(USER.map(rs, ctx), rs.getInt("read_only") == 1, Rows.nullableLong(rs, "team_id"),
            Rows.nullableLong(rs, "last_used_at")))
        .findOne());
  }

  record TokenRow(User user, boolean readOnly, Long teamId, Long lastUsedAt) {}

  void touchApiToken(String tokenHash, long now) {
    db.useTransaction(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE token_hash = :hash")
        .bind("now", now).bind("hash", tokenHash).execute());
  }

  List<ApiToken> apiTokens(long userId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, name, prefix, read_only, team_id, created_at, last_used_at, revoked_at FROM api_tokens
            WHERE user_id = :user ORDER BY created_at DESC""")
        .bind("user", userId)
        .map((rs, ctx) -> new ApiToken(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"), rs.getInt("read_only") == 1,
            Rows.nullableLong(rs, "team_id"), rs.getLong("created_at"), Rows.nullableLong(rs, "last_used_at"),
            Rows.nullableLong(rs, "revoked_at")))
        .list());
  }

  int revokeApiToken(long userId, long tokenId, long now) {
    return db.inTransaction(h -> h.createUpdate("""
            UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND user_id = :user AND revoked_at IS NULL""")
        .bind("now", now).bind("id", tokenId).bind("user", userId).execute());
  }

  long insertTeam(String name, long now) {
    return db.withHandle(h -> h.createUpdate("INSERT INTO teams (name, created_at) VALUES (:name, :now)")
        .bind("name", name).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  void upsertMember(long teamId, long userId, TeamRole role) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM team_members WHERE team_id = :team AND user_id = :user")
          .bind("team", teamId).bind("user", userId).execute();
      h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:team, :user, :role)")
          .bind("team", teamId).bind("user", userId).bind("role", role.dbValue()).execute();
    });
  }

  int deleteMember(long teamId, long userId) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM team_members WHERE team_id = :team AND user_id = :user")
        .bind("team", teamId).bind("user", userId).execute());
  }

  /** Every team with its members: two queries, whatever the number of teams. */
  List<Team> teams() {
    return db.withHandle(h -> {
      Map<Long, List<Team.Member>> members = new HashMap<>();
      h.createQuery("""
              SELECT m.team_id, u.id, u.name, u.email, m.role FROM team_members m JOIN users u ON u.id = m.user_id
              ORDER BY u.name""")
          .map((rs, ctx) -> {
            members.computeIfAbsent(rs.getLong("team_id"), t -> new ArrayList<>()).add(new Team.Member(rs.getLong("id"),
                rs.getString("name"), rs.getString("email"), TeamRole.parse("role", rs.getString("role"))));
            return null;
          }).list();
      return h.createQuery("SELECT id, name FROM teams ORDER BY name")
          .map((rs, ctx) -> new Team(rs.getLong("id"), rs.getString("name"), members.getOrDefault(rs.getLong("id"), List.of())))
          .list();
    });
  }

  Set<Long> memberIds(long teamId) {
    return db.withHandle(h -> Set.copyOf(h.createQuery("SELECT user_id FROM team_members WHERE team_id = :team").bind("team", teamId)
        .mapTo(Long.class).list()));
  }

  boolean teamExists(long teamId) {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM teams WHERE id = :id").bind("id", teamId)
        .mapTo(Long.class).one() > 0);
  }
}

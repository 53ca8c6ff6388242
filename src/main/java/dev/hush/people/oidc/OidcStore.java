package dev.hush.people.oidc;

import dev.hush.store.Database;
import java.util.Optional;

/** SQL for single sign-on attempts in flight, between the redirect to the provider and its return. */
final class OidcStore {
  /** What Hush keeps of one attempt: checked against what comes back. */
  record PendingLogin(String nonce, String codeVerifier, String next, long expiresAt) {}

  private final Database db;

  OidcStore(Database db) {
    this.db = db;
  }

  /** Saves an attempt, and drops the ones nobody came back from. */
  void insert(String stateHash, PendingLogin login, long now) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM oidc_logins WHERE expires_at < :now").bind("now", now).execute();
      h.createUpdate("""
              INSERT INTO oidc_logins (state_hash, nonce, code_verifier, next_path, created_at, expires_at)
              VALUES (:state, :nonce, :verifier, :next, :now, :expires)""")
          .bind("state", stateHash).bind("nonce", login.nonce()).bind("verifier", login.codeVerifier())
          .bind("next", login.next()).bind("now", now).bind("expires", login.expiresAt()).execute();
    });
  }

  /** The attempt with this state, removed so that it is used at most once (expired or not). */
  Optional<PendingLogin> take(String stateHash) {
    return db.inTransaction(h -> {
      Optional<PendingLogin> login = h.createQuery("""
              SELECT nonce, code_verifier, next_path, expires_at FROM oidc_logins WHERE state_hash = :state""")
          .bind("state", stateHash)
          .map((rs, ctx) -> new PendingLogin(rs.getString("nonce"), rs.getString("code_verifier"), rs.getString("next_path"),
              rs.getLong("expires_at")))
          .findOne();
      // Two callbacks with the same state race here: only the one whose DELETE removed the row goes on.
      int deleted = h.createUpdate("DELETE FROM oidc_logins WHERE state_hash = :state").bind("state", stateHash).execute();
      return deleted == 1 ? login : Optional.<PendingLogin>empty();
    });
  }
}

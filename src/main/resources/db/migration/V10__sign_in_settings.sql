-- Sign-in: settings an admin changes at run time, and single sign-on attempts in flight.

-- One row per setting, named '<feature>.<setting>' (e.g. 'people.local_passwords'); absent = the default.
CREATE TABLE settings (
  name ${text_pk},
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users (id)
);

-- An OpenID Connect sign-in between the redirect to the provider and its return: looked up by the
-- SHA-256 of its state, used once. The browser holds the state in a cookie; the verifier never leaves here.
CREATE TABLE oidc_logins (
  state_hash ${text_pk},
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next_path TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

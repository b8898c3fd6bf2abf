-- People who sign in to the Kompass web UI and API (see docs/dashboards.md).
-- role: admin, manager, rep or viewer. A rep user is linked to their row in reps (rep_id), so that
-- Kompass can show them their own numbers and nobody else's.
-- password_hash is in Spring Security's {id}hash form (bcrypt by default); never the password itself.

CREATE TABLE users (
  id            BIGINT NOT NULL,
  email         VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  role          VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL,
  rep_id        VARCHAR,
  created_at    TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email)
);

-- Tokens for scripts: only the SHA-256 hash of a token is stored; the token is shown once when made.
CREATE TABLE api_tokens (
  id            BIGINT NOT NULL,
  user_id       BIGINT NOT NULL,
  name          VARCHAR NOT NULL,
  token_hash    VARCHAR NOT NULL,
  created_at    TIMESTAMP NOT NULL,
  last_used_at  TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (token_hash)
);

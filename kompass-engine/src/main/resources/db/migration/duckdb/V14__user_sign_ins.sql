-- When each user last signed in with their password, for the Users page (API tokens keep their own last use).
-- A row per user who ever signed in; removed with the user.
CREATE TABLE user_sign_ins (
  user_id       BIGINT NOT NULL,
  last_at       TIMESTAMP NOT NULL,
  PRIMARY KEY (user_id)
);

-- Ids of users are never reused: a removed user's id must not come back as someone else's, whose role a session or a
-- token of the removed user would then carry. next_id is the next id to give.
CREATE TABLE user_ids (next_id BIGINT NOT NULL);
INSERT INTO user_ids SELECT coalesce(max(id), 0) + 1 FROM users;

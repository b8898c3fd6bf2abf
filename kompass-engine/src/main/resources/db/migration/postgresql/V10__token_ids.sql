-- Ids of API tokens are never reused either: a script that keeps the id of a token it revoked must not revoke a newer
-- token with it. next_id is the next id to give.
CREATE TABLE token_ids (next_id BIGINT NOT NULL);
INSERT INTO token_ids SELECT coalesce(max(id), 0) + 1 FROM api_tokens;

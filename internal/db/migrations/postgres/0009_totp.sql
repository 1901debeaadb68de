-- Two-factor login (RFC 6238 one-time codes) and one-time recovery codes.
-- secret is the confirmed authenticator's ('' when none); pending_secret
-- is one being enrolled, which becomes the secret once its first code has
-- been entered, so that a replacement does not undo the old one early.
-- last_step is the last 30-second time step whose code was accepted: a
-- code is taken only for a later step, so each code works once.
CREATE TABLE totp_authenticators (
    user_id        BIGINT  PRIMARY KEY REFERENCES users(id),
    secret         TEXT    NOT NULL DEFAULT '',
    pending_secret TEXT    NOT NULL DEFAULT '',
    created_at     BIGINT  NOT NULL,
    confirmed_at   BIGINT,
    last_step      BIGINT  NOT NULL DEFAULT 0
);

-- Recovery codes are random (120 bits) and stored as their SHA-256; using
-- one deletes its row.
CREATE TABLE recovery_codes (
    user_id        BIGINT  NOT NULL REFERENCES users(id),
    code_hash      TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

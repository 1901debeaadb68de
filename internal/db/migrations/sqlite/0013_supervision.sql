-- Supervision notices (督办) issued by a leader or the office on a
-- project, a milestone or an appeal, their replies and closure, each
-- action as an event; and the per-user calendar feed tokens of the
-- reminders (only a hash of each token is kept).

CREATE TABLE supervision_notices (
    id               INTEGER PRIMARY KEY,
    target_kind      TEXT    NOT NULL,
    target_id        INTEGER NOT NULL,
    target_title     TEXT    NOT NULL DEFAULT '',
    target_path      TEXT    NOT NULL DEFAULT '',
    title            TEXT    NOT NULL,
    content          TEXT    NOT NULL DEFAULT '',
    deadline         TEXT    NOT NULL,
    due_at           INTEGER NOT NULL,
    receiver_unit_id INTEGER NOT NULL REFERENCES units(id),
    receiver_user_id INTEGER REFERENCES users(id),
    issuer_id        INTEGER REFERENCES users(id),
    issued_at        INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    reply            TEXT    NOT NULL DEFAULT '',
    answered_at      INTEGER,
    answered_by      INTEGER REFERENCES users(id),
    closed_at        INTEGER,
    return_note      TEXT    NOT NULL DEFAULT '',
    updated_at       INTEGER NOT NULL
);
CREATE INDEX supervision_notices_receiver ON supervision_notices(receiver_unit_id, state, due_at);
CREATE INDEX supervision_notices_state_due ON supervision_notices(state, due_at);
CREATE INDEX supervision_notices_issued ON supervision_notices(issued_at, id);
CREATE INDEX supervision_notices_target ON supervision_notices(target_kind, target_id);
CREATE INDEX supervision_notices_user ON supervision_notices(receiver_user_id, state);

CREATE TABLE supervision_events (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER NOT NULL REFERENCES supervision_notices(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id),
    action     TEXT    NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX supervision_events_notice ON supervision_events(notice_id, at, id);

CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

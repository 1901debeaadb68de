-- The community expert think tank (社区专家智库): experts appointed by a
-- community for a term, and the consultations enterprises, communities and
-- party organisations ask of them, with every transition as an event.
-- Dates of appointment are calendar days (YYYY-MM-DD, China Standard
-- Time); instants are microseconds since the epoch, UTC.

CREATE TABLE experts (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    field          TEXT    NOT NULL,
    organisation   TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL DEFAULT '',
    community_id   INTEGER NOT NULL REFERENCES units(id),
    appointed_from TEXT    NOT NULL,
    appointed_to   TEXT    NOT NULL,
    mobile         TEXT    NOT NULL DEFAULT '',
    user_id        INTEGER UNIQUE REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK (appointed_to >= appointed_from)
);
CREATE INDEX experts_community ON experts(community_id, field, appointed_to);
CREATE INDEX experts_field ON experts(field, appointed_to);

CREATE TABLE consultations (
    id                INTEGER PRIMARY KEY,
    topic             TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    field             TEXT    NOT NULL,
    urgency           TEXT    NOT NULL,
    requester_kind    TEXT    NOT NULL,
    community_id      INTEGER NOT NULL REFERENCES units(id),
    requester_unit_id INTEGER REFERENCES units(id),
    enterprise_id     INTEGER REFERENCES enterprises(id),
    expert_id         INTEGER REFERENCES experts(id),
    state             TEXT    NOT NULL,
    advice            TEXT    NOT NULL DEFAULT '',
    rating            INTEGER,
    rating_comment    TEXT    NOT NULL DEFAULT '',
    close_note        TEXT    NOT NULL DEFAULT '',
    requested_by      INTEGER REFERENCES users(id),
    requested_at      INTEGER NOT NULL,
    assigned_at       INTEGER,
    answered_at       INTEGER,
    rated_at          INTEGER,
    closed_at         INTEGER,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX consultations_requested ON consultations(requested_at, id);
CREATE INDEX consultations_community ON consultations(community_id, requested_at);
CREATE INDEX consultations_expert ON consultations(expert_id, state);
CREATE INDEX consultations_enterprise ON consultations(enterprise_id, requested_at);

CREATE TABLE consultation_events (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    action          TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    expert_id       INTEGER REFERENCES experts(id),
    actor_id        INTEGER REFERENCES users(id),
    at              INTEGER NOT NULL
);
CREATE INDEX consultation_events_consultation ON consultation_events(consultation_id, at, id);

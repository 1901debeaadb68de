-- The capability and work-style year (能力作风提升年): campaigns with
-- their ordered, dated phases, and the activities held in them
-- (mobilisation meetings, study sessions, research visits, discussions)
-- with their organising units, invitations, sign-ins and leaves.
--
-- Phase dates are calendar dates in China Standard Time, stored as
-- YYYY-MM-DD text: they compare in order as text on both databases.

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    goals       TEXT    NOT NULL DEFAULT '',
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX campaigns_year ON campaigns(year, id);
CREATE INDEX campaigns_unit ON campaigns(unit_id);

CREATE TABLE campaign_phases (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    seq         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    goals       TEXT    NOT NULL DEFAULT '',
    UNIQUE (campaign_id, seq)
);

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER REFERENCES campaigns(id),
    phase_id    INTEGER REFERENCES campaign_phases(id),
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    place       TEXT    NOT NULL DEFAULT '',
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX activities_starts ON activities(starts_at, id);
CREATE INDEX activities_campaign ON activities(campaign_id, phase_id, starts_at);

CREATE TABLE activity_units (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (activity_id, unit_id)
);
CREATE INDEX activity_units_unit ON activity_units(unit_id, activity_id);

-- One row per invited person. unit_id is the person's unit when invited,
-- so that attendance by unit stays what it was when people move.
-- code_failures counts wrong sign-in codes, which are capped so that a
-- code cannot be guessed.
CREATE TABLE activity_invitations (
    activity_id   INTEGER NOT NULL REFERENCES activities(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    unit_id       INTEGER REFERENCES units(id),
    invited_at    INTEGER NOT NULL,
    walk_in       BOOLEAN NOT NULL DEFAULT FALSE,
    signed_in_at  INTEGER,
    signed_in_by  INTEGER REFERENCES users(id),
    sign_method   TEXT    NOT NULL DEFAULT '',
    leave_at      INTEGER,
    leave_reason  TEXT    NOT NULL DEFAULT '',
    code_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_invitations_user ON activity_invitations(user_id, activity_id);
CREATE INDEX activity_invitations_unit ON activity_invitations(unit_id, activity_id);

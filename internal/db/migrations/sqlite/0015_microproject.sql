-- Livelihood micro-projects (民生微实事): each project with its stage,
-- budget and spending in whole yuan; the stage changes as events; the
-- objections of its publication, its progress reports, its spending and
-- the residents' ratings; and the yearly settings of the fund and the
-- caps (unit_id 0 is the sub-district's default, a community's row
-- overrides it).

CREATE TABLE microprojects (
    id              INTEGER PRIMARY KEY,
    receipt         TEXT    NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    community_id    INTEGER NOT NULL REFERENCES units(id),
    kind            TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    location        TEXT    NOT NULL DEFAULT '',
    budget          INTEGER NOT NULL,
    spent           INTEGER NOT NULL DEFAULT 0,
    progress        INTEGER NOT NULL DEFAULT 0,
    source          TEXT    NOT NULL,
    proposer_name   TEXT    NOT NULL DEFAULT '',
    proposer_mobile TEXT    NOT NULL DEFAULT '',
    stage           TEXT    NOT NULL,
    exclusion       TEXT    NOT NULL DEFAULT '',
    reject_reason   TEXT    NOT NULL DEFAULT '',
    votes_for       INTEGER NOT NULL DEFAULT 0,
    votes_against   INTEGER NOT NULL DEFAULT 0,
    votes_abstain   INTEGER NOT NULL DEFAULT 0,
    members_present INTEGER NOT NULL DEFAULT 0,
    council_size    INTEGER NOT NULL DEFAULT 0,
    published_at    INTEGER,
    publicity_ends  INTEGER,
    created_by      INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX microprojects_community_year ON microprojects(community_id, year, stage);
CREATE INDEX microprojects_created ON microprojects(created_at, id);
CREATE INDEX microprojects_stage ON microprojects(stage, created_at);

CREATE TABLE microproject_events (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES microprojects(id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id),
    action     TEXT    NOT NULL,
    from_stage TEXT    NOT NULL,
    to_stage   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX microproject_events_project ON microproject_events(project_id, at, id);

CREATE TABLE microproject_objections (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES microprojects(id),
    body       TEXT    NOT NULL,
    public     BOOLEAN NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX microproject_objections_project ON microproject_objections(project_id, at, id);

CREATE TABLE microproject_progress (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES microprojects(id),
    percent    INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    author_id  INTEGER REFERENCES users(id),
    at         INTEGER NOT NULL
);
CREATE INDEX microproject_progress_project ON microproject_progress(project_id, at, id);

CREATE TABLE microproject_spending (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES microprojects(id),
    amount     INTEGER NOT NULL,
    item       TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users(id),
    at         INTEGER NOT NULL
);
CREATE INDEX microproject_spending_project ON microproject_spending(project_id, at, id);

CREATE TABLE microproject_ratings (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES microprojects(id),
    stars      INTEGER NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX microproject_ratings_project ON microproject_ratings(project_id, at, id);

CREATE TABLE microproject_settings (
    year           INTEGER NOT NULL,
    unit_id        INTEGER NOT NULL DEFAULT 0,
    fund           INTEGER NOT NULL,
    cap_works      INTEGER NOT NULL,
    cap_services   INTEGER NOT NULL,
    cap_goods      INTEGER NOT NULL,
    quorum_num     INTEGER NOT NULL,
    quorum_den     INTEGER NOT NULL,
    publicity_days INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (year, unit_id)
);

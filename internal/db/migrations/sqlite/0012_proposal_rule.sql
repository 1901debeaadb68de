-- Proposals (金点子 / 意见建议) from cadres and residents, their
-- evaluations, and the rules library (制度) with whole-text versions and
-- the proposals each rule came from. project_id on both is the project a
-- proposal became or a rule came from; the projects table arrives in
-- another migration, which adds the reference.

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    receipt         TEXT    NOT NULL UNIQUE,
    source          TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    community_id    INTEGER NOT NULL REFERENCES units(id),
    origin_unit_id  INTEGER REFERENCES units(id),
    unit_id         INTEGER REFERENCES units(id),
    submitted_by    INTEGER REFERENCES users(id),
    resident_name   TEXT    NOT NULL DEFAULT '',
    resident_mobile TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL,
    decline_reason  TEXT    NOT NULL DEFAULT '',
    project_id      INTEGER,
    submitted_at    INTEGER NOT NULL,
    decided_at      INTEGER,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX proposals_submitted ON proposals(submitted_at, id);
CREATE INDEX proposals_state ON proposals(state, submitted_at);

CREATE TABLE proposal_evaluations (
    id          INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    author_id   INTEGER REFERENCES users(id),
    unit_id     INTEGER REFERENCES units(id),
    feasibility INTEGER,
    value       INTEGER,
    comment     TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX proposal_evaluations_proposal ON proposal_evaluations(proposal_id, at, id);

CREATE TABLE rules (
    id           INTEGER PRIMARY KEY,
    number       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    effective_on TEXT,
    status       TEXT    NOT NULL,
    project_id   INTEGER,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (unit_id, number)
);
CREATE INDEX rules_status ON rules(status, id);

CREATE TABLE rule_versions (
    id        INTEGER PRIMARY KEY,
    rule_id   INTEGER NOT NULL REFERENCES rules(id),
    version   INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    comment   TEXT    NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES users(id),
    at        INTEGER NOT NULL,
    UNIQUE (rule_id, version)
);

CREATE TABLE rule_proposals (
    rule_id     INTEGER NOT NULL REFERENCES rules(id),
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    PRIMARY KEY (rule_id, proposal_id)
);
CREATE INDEX rule_proposals_proposal ON rule_proposals(proposal_id);

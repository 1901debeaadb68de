-- Enterprise appeals (诉求): the category dictionary with its time
-- limits, the appeals with their current state, and every transition as
-- an event, from which any figure can be recomputed as of a past date.

CREATE TABLE appeal_categories (
    code            TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    response_n      INTEGER NOT NULL,
    response_unit   TEXT    NOT NULL,
    resolution_n    INTEGER NOT NULL,
    resolution_unit TEXT    NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    active          BOOLEAN NOT NULL DEFAULT TRUE
);
-- Shenzhen's rule: policy questions answered within 24 hours, other
-- appeals resolved within 3 working days (Pinghu cut its own limit from
-- 5 to 3); every appeal signed for within one working day.
INSERT INTO appeal_categories (code, name, name_en, response_n, response_unit, resolution_n, resolution_unit, sort_order) VALUES
    ('policy',         '政策咨询', 'Policy consultation',    24, 'hours',    24, 'hours',    1),
    ('space_land',     '空间用地', 'Space and land',          1, 'workdays',  3, 'workdays', 2),
    ('financing',      '融资信贷', 'Financing',               1, 'workdays',  3, 'workdays', 3),
    ('talent_housing', '人才住房', 'Talent and housing',      1, 'workdays',  3, 'workdays', 4),
    ('permits',        '审批办证', 'Permits and approvals',   1, 'workdays',  3, 'workdays', 5),
    ('infrastructure', '基础设施', 'Infrastructure',          1, 'workdays',  3, 'workdays', 6),
    ('labour',         '用工招聘', 'Labour and hiring',       1, 'workdays',  3, 'workdays', 7),
    ('other',          '其他',     'Other',                   1, 'workdays',  3, 'workdays', 99);

CREATE TABLE appeals (
    id                INTEGER PRIMARY KEY,
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises(id),
    category          TEXT    NOT NULL REFERENCES appeal_categories(code),
    channel           TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    visit_id          INTEGER REFERENCES visits(id),
    state             TEXT    NOT NULL,
    department_id     INTEGER REFERENCES units(id),
    created_by        INTEGER REFERENCES users(id),
    submitted_at      INTEGER NOT NULL,
    response_due_at   INTEGER NOT NULL,
    resolution_due_at INTEGER NOT NULL,
    accepted_at       INTEGER,
    resolved_at       INTEGER,
    closed_at         INTEGER,
    supervised        BOOLEAN NOT NULL DEFAULT FALSE,
    solved            TEXT,
    satisfaction      TEXT,
    resolution_note   TEXT    NOT NULL DEFAULT '',
    reject_reason     TEXT    NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL
);
CREATE INDEX appeals_submitted ON appeals(submitted_at, id);
CREATE INDEX appeals_enterprise ON appeals(enterprise_id, submitted_at);
CREATE INDEX appeals_department ON appeals(department_id, state);
CREATE INDEX appeals_state_due ON appeals(state, resolution_due_at);
CREATE INDEX appeals_visit ON appeals(visit_id);

CREATE TABLE appeal_events (
    id            INTEGER PRIMARY KEY,
    appeal_id     INTEGER NOT NULL REFERENCES appeals(id),
    at            INTEGER NOT NULL,
    actor_id      INTEGER,
    actor         TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    from_state    TEXT    NOT NULL,
    to_state      TEXT    NOT NULL,
    department_id INTEGER,
    note          TEXT    NOT NULL DEFAULT '',
    reason        TEXT    NOT NULL DEFAULT '',
    solved        TEXT,
    satisfaction  TEXT
);
CREATE INDEX appeal_events_appeal ON appeal_events(appeal_id, at, id);
CREATE INDEX appeal_events_at ON appeal_events(at);

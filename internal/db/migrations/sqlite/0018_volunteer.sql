-- Joint volunteer services (党建共融): volunteers, the joint teams that
-- several party organisations and units form in a community, their
-- activities with the organising members, sign-ups with sign-in and
-- sign-out, and the hours volunteers report and coordinators approve.
--
-- Dates (registered_on, day) are calendar dates in China Standard Time as
-- YYYY-MM-DD text; times are UTC microseconds. Hours are kept in whole
-- minutes so that sums are exact.

CREATE TABLE volunteers (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    mobile        TEXT    NOT NULL,
    id_number     TEXT    NOT NULL DEFAULT '',
    community_id  INTEGER NOT NULL REFERENCES units(id),
    organisation  TEXT    NOT NULL DEFAULT '',
    skills        TEXT    NOT NULL DEFAULT '',
    registered_on TEXT    NOT NULL,
    user_id       INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX volunteers_community ON volunteers(community_id, id);
CREATE INDEX volunteers_user ON volunteers(user_id);

CREATE TABLE volunteer_teams (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    community_id   INTEGER NOT NULL REFERENCES units(id),
    coordinator_id INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX volunteer_teams_community ON volunteer_teams(community_id, id);

-- The member organisations of a joint team: party organisations and
-- units, by name and kind, with the unit of the organisation tree when
-- it has one.
CREATE TABLE volunteer_team_orgs (
    id      INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES volunteer_teams(id),
    name    TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    UNIQUE (team_id, name)
);

CREATE TABLE volunteer_team_members (
    team_id      INTEGER NOT NULL REFERENCES volunteer_teams(id),
    volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
    PRIMARY KEY (team_id, volunteer_id)
);
CREATE INDEX volunteer_team_members_volunteer ON volunteer_team_members(volunteer_id, team_id);

CREATE TABLE volunteer_activities (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES volunteer_teams(id),
    kind       TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    place      TEXT    NOT NULL DEFAULT '',
    capacity   INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX volunteer_activities_day ON volunteer_activities(day, id);
CREATE INDEX volunteer_activities_team ON volunteer_activities(team_id, day);

CREATE TABLE volunteer_activity_orgs (
    activity_id INTEGER NOT NULL REFERENCES volunteer_activities(id),
    org_id      INTEGER NOT NULL REFERENCES volunteer_team_orgs(id),
    PRIMARY KEY (activity_id, org_id)
);
CREATE INDEX volunteer_activity_orgs_org ON volunteer_activity_orgs(org_id, activity_id);

CREATE TABLE volunteer_signups (
    activity_id   INTEGER NOT NULL REFERENCES volunteer_activities(id),
    volunteer_id  INTEGER NOT NULL REFERENCES volunteers(id),
    signed_up_at  INTEGER NOT NULL,
    signed_in_at  INTEGER,
    signed_out_at INTEGER,
    PRIMARY KEY (activity_id, volunteer_id)
);
CREATE INDEX volunteer_signups_volunteer ON volunteer_signups(volunteer_id, activity_id);

-- At most one report of a volunteer on an activity stands at a time; a
-- rejected one may be reported again.
CREATE TABLE volunteer_hours (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES volunteer_activities(id),
    volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
    minutes      INTEGER NOT NULL,
    status       TEXT    NOT NULL,
    reported_by  INTEGER REFERENCES users(id),
    reported_at  INTEGER NOT NULL,
    decided_by   INTEGER REFERENCES users(id),
    decided_at   INTEGER
);
CREATE UNIQUE INDEX volunteer_hours_standing ON volunteer_hours(activity_id, volunteer_id) WHERE status <> 'rejected';
CREATE INDEX volunteer_hours_volunteer ON volunteer_hours(volunteer_id, status);
CREATE INDEX volunteer_hours_status ON volunteer_hours(status, activity_id);

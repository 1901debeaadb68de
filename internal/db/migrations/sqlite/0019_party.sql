-- Party organisations (党组织) on the organisation tree, what each one
-- covers (两个覆盖), the party work in enterprises without an
-- organisation, the social organisations they may cover, and the
-- positions (阵地). Days are dates in China Standard Time, YYYY-MM-DD.

-- Whether an enterprise is non-public (非公有制: private, foreign, Hong
-- Kong, Macao or Taiwan funded). The registry did not hold ownership;
-- the enterprises of a sub-district's service are almost all non-public,
-- so that is the default and a state-owned or collective one is marked.
ALTER TABLE enterprises ADD COLUMN nonpublic BOOLEAN NOT NULL DEFAULT TRUE;

-- A minimal registry of social organisations (社会组织) in the communities.
CREATE TABLE social_orgs (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    community_id INTEGER NOT NULL REFERENCES units(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX social_orgs_community ON social_orgs(community_id);

-- unit_id is the sub-district or community the organisation belongs to
-- (the scope); parent_id the party organisation above it. ended_on is the
-- day it was merged or dissolved; merged_into_id where it went.
CREATE TABLE party_orgs (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    parent_id      INTEGER REFERENCES party_orgs(id),
    level          TEXT    NOT NULL,
    sector         TEXT    NOT NULL,
    formation      TEXT    NOT NULL DEFAULT '',
    founded_on     TEXT    NOT NULL,
    secretary      TEXT    NOT NULL DEFAULT '',
    member_count   INTEGER NOT NULL DEFAULT 0,
    status         TEXT    NOT NULL DEFAULT 'active',
    ended_on       TEXT,
    merged_into_id INTEGER REFERENCES party_orgs(id),
    address        TEXT    NOT NULL DEFAULT '',
    lng            REAL,
    lat            REAL,
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX party_orgs_unit ON party_orgs(unit_id, status);
CREATE INDEX party_orgs_parent ON party_orgs(parent_id);
CREATE INDEX party_orgs_founded ON party_orgs(founded_on);

-- History: set_up, merged (other_id: the organisation it went into),
-- dissolved.
CREATE TABLE party_org_events (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES party_orgs(id),
    kind        TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    other_id    INTEGER REFERENCES party_orgs(id),
    note        TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX party_org_events_org ON party_org_events(org_id, day);

-- Coverage: an organisation covers an enterprise or a social
-- organisation from from_day until the day before until_day (NULL: still).
CREATE TABLE party_coverage (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES party_orgs(id),
    enterprise_id INTEGER REFERENCES enterprises(id),
    social_org_id INTEGER REFERENCES social_orgs(id),
    from_day      TEXT    NOT NULL,
    until_day     TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX party_coverage_org ON party_coverage(org_id, until_day);
CREATE INDEX party_coverage_enterprise ON party_coverage(enterprise_id, from_day);

-- Party work in an enterprise: its party members, and the party-building
-- instructor (党建指导员) or liaison (联络员) assigned to it.
CREATE TABLE party_enterprise_work (
    enterprise_id   INTEGER PRIMARY KEY REFERENCES enterprises(id),
    party_members   INTEGER NOT NULL DEFAULT 0,
    worker_role     TEXT    NOT NULL DEFAULT '',
    worker_name     TEXT    NOT NULL DEFAULT '',
    assigned_on     TEXT,
    updated_at      INTEGER NOT NULL
);

-- Positions (阵地): party-mass service centres and other places.
CREATE TABLE party_positions (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    address    TEXT    NOT NULL,
    area_m2    REAL    NOT NULL,
    status     TEXT    NOT NULL,
    opened_on  TEXT,
    lng        REAL    NOT NULL,
    lat        REAL    NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX party_positions_unit ON party_positions(unit_id, status);

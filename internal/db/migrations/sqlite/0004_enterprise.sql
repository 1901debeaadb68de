-- Enterprise service: the registry, the 四个一 assignment and its history,
-- contacts, output values, visits and attachments.

CREATE TABLE enterprises (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    credit_code   TEXT    NOT NULL UNIQUE,
    community_id  INTEGER NOT NULL REFERENCES units(id),
    address       TEXT    NOT NULL DEFAULT '',
    industry      TEXT    NOT NULL DEFAULT '',
    above_scale   BOOLEAN NOT NULL DEFAULT FALSE,
    top100        BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT    NOT NULL DEFAULT 'operating',
    leader_id     INTEGER REFERENCES users(id),
    department_id INTEGER REFERENCES units(id),
    specialist_id INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX enterprises_community ON enterprises(community_id, id);
CREATE INDEX enterprises_specialist ON enterprises(specialist_id);
CREATE INDEX enterprises_department ON enterprises(department_id);
CREATE INDEX enterprises_leader ON enterprises(leader_id);
CREATE INDEX enterprises_name ON enterprises(name);

-- Annual output value in yuan, by year.
CREATE TABLE enterprise_outputs (
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    year          INTEGER NOT NULL,
    value_yuan    INTEGER NOT NULL,
    PRIMARY KEY (enterprise_id, year)
);

CREATE TABLE enterprise_contacts (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    name          TEXT    NOT NULL,
    position      TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    is_primary    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX enterprise_contacts_enterprise ON enterprise_contacts(enterprise_id);

-- Every change of the 四个一 assignment, newest last.
CREATE TABLE assignment_history (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    leader_id     INTEGER REFERENCES users(id),
    department_id INTEGER REFERENCES units(id),
    specialist_id INTEGER REFERENCES users(id),
    changed_at    INTEGER NOT NULL,
    changed_by    INTEGER,
    note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX assignment_history_enterprise ON assignment_history(enterprise_id, id);

-- An enterprise contact's account belongs to one enterprise.
ALTER TABLE users ADD COLUMN enterprise_id INTEGER REFERENCES enterprises(id);
CREATE INDEX users_enterprise ON users(enterprise_id);

CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    visit_date    TEXT    NOT NULL,
    form          TEXT    NOT NULL,
    findings      TEXT    NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX visits_date ON visits(visit_date, id);
CREATE INDEX visits_enterprise ON visits(enterprise_id, visit_date);

-- Who went: accounts, or people named without one.
CREATE TABLE visit_people (
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    user_id  INTEGER REFERENCES users(id),
    name     TEXT    NOT NULL
);
CREATE INDEX visit_people_visit ON visit_people(visit_id);
CREATE INDEX visit_people_user ON visit_people(user_id);

-- Files attached to a record. With SQLite the bytes live under the data
-- directory; with PostgreSQL in the data column, so servers keep no files.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner        TEXT    NOT NULL,
    owner_id     INTEGER NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    storage      TEXT    NOT NULL,
    data         BLOB,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner, owner_id);

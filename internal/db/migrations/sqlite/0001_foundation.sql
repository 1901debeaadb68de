-- The organisation tree, accounts, sessions, settings and the audit log.
-- Timestamps are integer microseconds since the Unix epoch, UTC.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    code        TEXT    NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    path        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id, sort_order, id);
CREATE INDEX units_path ON units(path);

INSERT INTO units (kind, name, code, path, created_at, updated_at) VALUES ('root', '全部单位', 'root', '/', 0, 0);
UPDATE units SET path = '/' || id || '/' WHERE code = 'root';

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE,
    display_name        TEXT    NOT NULL,
    phone               TEXT    NOT NULL DEFAULT '',
    role                TEXT    NOT NULL,
    unit_id             INTEGER REFERENCES units(id),
    password_hash       TEXT    NOT NULL,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        INTEGER,
    password_changed_at INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);
CREATE INDEX users_role ON users(role);

CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    ip          TEXT    NOT NULL,
    request_id  TEXT    NOT NULL,
    before_data TEXT    NOT NULL,
    after_data  TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_ip ON audit_log(ip, action, at);
CREATE INDEX audit_actor ON audit_log(actor_id, at);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- Append-only: no update ever; deletion only of records past the legal
-- minimum retention of 184 days (the retention job deletes older ones).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN old.at > (CAST(strftime('%s', 'now') AS INTEGER) - 184 * 86400) * 1000000
BEGIN
    SELECT RAISE(ABORT, 'audit records younger than 184 days cannot be deleted');
END;

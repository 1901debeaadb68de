-- Service stations (驿站): where they are (WGS84, longitude and latitude
-- in degrees), what they offer and whom they serve, and their service
-- records. services holds one service per line; groups_served the groups
-- as a comma-separated list. new_employment is derived from the groups on
-- every write (couriers, delivery riders or drivers among them) and kept
-- as a column so that the count of new-employment sites is one indexed
-- query. Days are dates in China Standard Time, YYYY-MM-DD.

CREATE TABLE stations (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    community_id     INTEGER NOT NULL REFERENCES units(id),
    address          TEXT    NOT NULL,
    lng              REAL    NOT NULL,
    lat              REAL    NOT NULL,
    area_m2          REAL    NOT NULL,
    hours            TEXT    NOT NULL DEFAULT '',
    services         TEXT    NOT NULL DEFAULT '',
    groups_served    TEXT    NOT NULL DEFAULT '',
    new_employment   BOOLEAN NOT NULL DEFAULT FALSE,
    managing_unit_id INTEGER REFERENCES units(id),
    managing_unit    TEXT    NOT NULL DEFAULT '',
    funding          TEXT    NOT NULL DEFAULT '',
    opened_on        TEXT    NOT NULL,
    created_by       INTEGER REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX stations_community ON stations(community_id, kind, opened_on);
CREATE INDEX stations_new_employment ON stations(new_employment, opened_on);

CREATE TABLE station_records (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations(id),
    day         TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    served      INTEGER NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX station_records_station ON station_records(station_id, day);
CREATE INDEX station_records_day ON station_records(day, station_id);

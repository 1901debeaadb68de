-- Community boundaries for the red map (红色版图): each upload of a
-- community's boundary is a row, GeoJSON text (RFC 7946, WGS84) as it was
-- checked, with its size, its box and the point where the map writes the
-- community's name and counts. The current boundary of a community is its
-- row without replaced_at; an upload sets replaced_at on the one before,
-- so the history stays. schematic marks the demo's boundaries, drawn for
-- the purpose and not survey data.

CREATE TABLE map_boundaries (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES units(id),
    geojson      TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    min_lng      REAL    NOT NULL,
    min_lat      REAL    NOT NULL,
    max_lng      REAL    NOT NULL,
    max_lat      REAL    NOT NULL,
    label_lng    REAL    NOT NULL,
    label_lat    REAL    NOT NULL,
    schematic    BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by  INTEGER REFERENCES users(id),
    uploaded_at  INTEGER NOT NULL,
    replaced_at  INTEGER
);
CREATE UNIQUE INDEX map_boundaries_current ON map_boundaries(community_id) WHERE replaced_at IS NULL;
CREATE INDEX map_boundaries_history ON map_boundaries(community_id, uploaded_at);

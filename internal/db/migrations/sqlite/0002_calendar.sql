-- The working-day calendar: weekdays work and weekends rest, except the
-- days listed here. A holiday on a weekday is 'holiday'; a make-up working
-- day (调休) on a weekend is 'workday'. Days are dates in China Standard
-- Time, written YYYY-MM-DD.
CREATE TABLE calendar_days (
    day        TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name       TEXT    NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL DEFAULT 0
);

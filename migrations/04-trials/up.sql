-- Self-experiments (n-of-1 trials): the design fixed before the first night, and whether
-- each block night was kept to its arm. The order of blocks is drawn from `seed`.

CREATE TABLE trials (
    id                      INTEGER PRIMARY KEY,
    remedy                  TEXT NOT NULL CHECK (remedy IN ('stretching', 'evening_water', 'electrolyte_drink', 'no_evening_alcohol_coffee', 'supplement', 'warm_bath', 'other')),
    remedy_name             TEXT NOT NULL DEFAULT '' CHECK (length(remedy_name) <= 100),
    baseline_from           TEXT NOT NULL CHECK (date(baseline_from) IS baseline_from),
    baseline_nights         INTEGER NOT NULL CHECK (baseline_nights BETWEEN 14 AND 56),
    baseline_already_logged INTEGER NOT NULL CHECK (baseline_already_logged IN (0, 1)),
    start                   TEXT NOT NULL CHECK (date(start) IS start AND start > baseline_from),
    block_nights            INTEGER NOT NULL CHECK (block_nights BETWEEN 3 AND 28),
    pairs                   INTEGER NOT NULL CHECK (pairs BETWEEN 2 AND 8),
    seed                    INTEGER NOT NULL,
    min_p_fewer             REAL NOT NULL CHECK (min_p_fewer > 0.5 AND min_p_fewer < 1),
    min_difference_per_week REAL NOT NULL CHECK (min_difference_per_week BETWEEN 0 AND 7),
    planned_at              TEXT NOT NULL,
    stopped_on              TEXT CHECK (stopped_on IS NULL OR (date(stopped_on) IS stopped_on AND stopped_on >= baseline_from))
);

CREATE TABLE trial_nights (
    trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    date     TEXT NOT NULL CHECK (date(date) IS date),
    done     INTEGER NOT NULL CHECK (done IN (0, 1)),
    PRIMARY KEY (trial_id, date)
) WITHOUT ROWID;

-- Cramp Diary schema v1: the whole of interchange v1.
-- Dates are TEXT 'YYYY-MM-DD'; a night is named by the date of its evening.

CREATE TABLE profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    birth_year  INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200),
    volume_unit TEXT NOT NULL DEFAULT 'ml' CHECK (volume_unit IN ('ml', 'fl_oz'))
);
INSERT INTO profile (id) VALUES (1);

CREATE TABLE conditions (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0 AND length(CAST(name AS BLOB)) <= 10000),
    since TEXT CHECK (since IS NULL OR date(since) IS since)
);

CREATE TABLE medications (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL CHECK (length(trim(name)) > 0 AND length(CAST(name AS BLOB)) <= 10000),
    dose    TEXT NOT NULL DEFAULT '' CHECK (length(CAST(dose AS BLOB)) <= 10000),
    started TEXT NOT NULL CHECK (date(started) IS started),
    stopped TEXT CHECK (stopped IS NULL OR (date(stopped) IS stopped AND stopped >= started)),
    notes   TEXT NOT NULL DEFAULT '' CHECK (length(CAST(notes AS BLOB)) <= 10000)
);
CREATE INDEX medications_started ON medications (started);

CREATE TABLE nights (
    date              TEXT PRIMARY KEY CHECK (date(date) IS date),
    status            TEXT NOT NULL CHECK (status IN ('cramps', 'none', 'unknown')),
    sleep_disturbance INTEGER CHECK (sleep_disturbance IS NULL OR sleep_disturbance BETWEEN 0 AND 10),
    logged_at         TEXT,
    notes             TEXT NOT NULL DEFAULT '' CHECK (length(CAST(notes AS BLOB)) <= 10000)
) WITHOUT ROWID;

CREATE TABLE episodes (
    id             INTEGER PRIMARY KEY,
    night_date     TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    seq            INTEGER NOT NULL CHECK (seq >= 0),
    time           TEXT CHECK (time IS NULL OR (length(time) = 5 AND time GLOB '[0-2][0-9]:[0-5][0-9]' AND time < '24:00')),
    duration_min   REAL CHECK (duration_min IS NULL OR (duration_min > 0 AND duration_min <= 1440)),
    intensity      INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 0 AND 10),
    side           TEXT CHECK (side IS NULL OR side IN ('left', 'right', 'both')),
    muscle         TEXT CHECK (muscle IS NULL OR muscle IN ('calf', 'foot', 'thigh', 'hamstring', 'shin', 'other')),
    relieved_by    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(relieved_by) AND json_type(relieved_by) = 'array'),
    soreness_after INTEGER NOT NULL DEFAULT 0 CHECK (soreness_after IN (0, 1)),
    UNIQUE (night_date, seq)
);

CREATE TABLE days (
    date                 TEXT PRIMARY KEY CHECK (date(date) IS date),
    exertion             INTEGER CHECK (exertion IS NULL OR exertion BETWEEN 0 AND 10),
    exercise_min         INTEGER CHECK (exercise_min IS NULL OR exercise_min BETWEEN 0 AND 1440),
    stretched_before_bed INTEGER CHECK (stretched_before_bed IS NULL OR stretched_before_bed IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE fluids (
    id    INTEGER PRIMARY KEY,
    date  TEXT NOT NULL REFERENCES days (date) ON DELETE CASCADE,
    kind  TEXT NOT NULL CHECK (kind IN ('water', 'electrolyte', 'coffee_tea', 'alcohol', 'other')),
    ml    REAL NOT NULL CHECK (ml > 0 AND ml <= 10000),
    brand TEXT CHECK (brand IS NULL OR length(CAST(brand AS BLOB)) <= 10000)
);
CREATE INDEX fluids_date ON fluids (date);

CREATE TABLE symptoms (
    id   INTEGER PRIMARY KEY,
    date TEXT NOT NULL REFERENCES days (date) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (
        'calf_swelling', 'leg_redness', 'leg_warmth', 'calf_tenderness', 'persistent_pain',
        'cold_pale_leg', 'breathlessness_or_chest_pain', 'saddle_numbness_or_bladder_change',
        'pain_when_walking', 'numbness_tingling', 'muscle_weakness', 'urge_to_move_legs',
        'cramp_over_10_min')),
    side TEXT CHECK (side IS NULL OR side IN ('left', 'right', 'both'))
);
CREATE INDEX symptoms_date ON symptoms (date);

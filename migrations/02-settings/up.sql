-- App preferences (one row) and the reminder's own memory of the last day it spoke.
CREATE TABLE settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    reminder_enabled  INTEGER NOT NULL DEFAULT 0 CHECK (reminder_enabled IN (0, 1)),
    reminder_time     TEXT NOT NULL DEFAULT '08:30'
                      CHECK (reminder_time GLOB '[0-2][0-9]:[0-5][0-9]' AND reminder_time < '24:00'),
    start_at_login    INTEGER NOT NULL DEFAULT 0 CHECK (start_at_login IN (0, 1)),
    text_size         TEXT NOT NULL DEFAULT 'normal' CHECK (text_size IN ('normal', 'large', 'larger')),
    theme             TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark', 'high_contrast')),
    reminder_shown_on TEXT CHECK (reminder_shown_on IS NULL OR date(reminder_shown_on) IS reminder_shown_on)
);
INSERT INTO settings (id) VALUES (1);

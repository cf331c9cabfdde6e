-- The evening reminder of a running self-experiment (tonight's task), and its own memory.
ALTER TABLE settings ADD COLUMN evening_reminder_enabled INTEGER NOT NULL DEFAULT 1
    CHECK (evening_reminder_enabled IN (0, 1));
ALTER TABLE settings ADD COLUMN evening_reminder_time TEXT NOT NULL DEFAULT '21:00'
    CHECK (evening_reminder_time GLOB '[0-2][0-9]:[0-5][0-9]' AND evening_reminder_time < '24:00');
ALTER TABLE settings ADD COLUMN evening_reminder_shown_on TEXT
    CHECK (evening_reminder_shown_on IS NULL OR date(evening_reminder_shown_on) IS evening_reminder_shown_on);

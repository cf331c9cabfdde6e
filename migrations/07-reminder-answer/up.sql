-- Nights logged as cramp-free from the morning reminder's "No cramps" button, waiting for the
-- app to say so and offer Undo. `logged_at` is the night's own, so Undo removes that entry
-- only while it is unchanged. A row goes once the app's message is confirmed or undone, or
-- with its night.
CREATE TABLE reminder_answers (
    night     TEXT PRIMARY KEY REFERENCES nights (date) ON DELETE CASCADE,
    logged_at TEXT NOT NULL CHECK (length(logged_at) BETWEEN 20 AND 40)
) WITHOUT ROWID;

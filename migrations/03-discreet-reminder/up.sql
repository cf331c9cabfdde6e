-- A reminder whose words say nothing about cramps (for a lock screen others can see).
ALTER TABLE settings ADD COLUMN reminder_discreet INTEGER NOT NULL DEFAULT 0 CHECK (reminder_discreet IN (0, 1));

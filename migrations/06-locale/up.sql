-- How dates and times are written: 'auto' follows the computer's locale.
ALTER TABLE settings ADD COLUMN date_order TEXT NOT NULL DEFAULT 'auto'
    CHECK (date_order IN ('auto', 'dmy', 'mdy', 'ymd'));
ALTER TABLE settings ADD COLUMN clock TEXT NOT NULL DEFAULT 'auto'
    CHECK (clock IN ('auto', '12', '24'));

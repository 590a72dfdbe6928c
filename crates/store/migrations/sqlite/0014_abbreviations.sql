-- The newsroom's own abbreviations, beside those built into search
-- (crates/search/data): what the site's readers say that the list lacks.
-- Search on every node follows them through the change serial.
CREATE TABLE abbreviations (
    short      TEXT PRIMARY KEY,
    long_form  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TRIGGER abbreviations_inserted AFTER INSERT ON abbreviations
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER abbreviations_updated AFTER UPDATE ON abbreviations
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER abbreviations_deleted AFTER DELETE ON abbreviations
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;

-- The newsroom's own abbreviations, beside those built into search
-- (crates/search/data): what the site's readers say that the list lacks.
-- Search on every node follows them through the change serial.
CREATE TABLE abbreviations (
    short      TEXT PRIMARY KEY,
    long_form  TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TRIGGER abbreviations_changed AFTER INSERT OR UPDATE OR DELETE ON abbreviations
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();

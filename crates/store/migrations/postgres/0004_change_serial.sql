-- One number that every change to what readers see moves: serving
-- processes (other nodes, or a server while `warta import` runs) poll it
-- several times a second to learn that something changed, whoever changed
-- it. Triggers move it (once per statement), so no write path can forget to.
CREATE TABLE site_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    serial BIGINT NOT NULL
);
INSERT INTO site_changes (id, serial) VALUES (1, 0);

CREATE FUNCTION site_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_changes SET serial = serial + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_changed AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();
CREATE TRIGGER picks_changed AFTER INSERT OR UPDATE OR DELETE ON picks
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();
CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();
CREATE TRIGGER sections_changed AFTER INSERT OR UPDATE OR DELETE ON sections
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();
CREATE TRIGGER tags_changed AFTER INSERT OR UPDATE OR DELETE ON tags
    FOR EACH STATEMENT EXECUTE FUNCTION site_changed();

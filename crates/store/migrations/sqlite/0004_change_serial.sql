-- One number that every change to what readers see moves: serving
-- processes (other nodes, or a server while `warta import` runs) poll it
-- several times a second to learn that something changed, whoever changed
-- it. Triggers move it, so no write path can forget to.
CREATE TABLE site_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    serial INTEGER NOT NULL
);
INSERT INTO site_changes (id, serial) VALUES (1, 0);

CREATE TRIGGER articles_inserted AFTER INSERT ON articles
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER articles_updated AFTER UPDATE ON articles
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER articles_deleted AFTER DELETE ON articles
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER picks_inserted AFTER INSERT ON picks
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER picks_updated AFTER UPDATE ON picks
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER picks_deleted AFTER DELETE ON picks
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER settings_inserted AFTER INSERT ON settings
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER settings_updated AFTER UPDATE ON settings
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER settings_deleted AFTER DELETE ON settings
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER sections_inserted AFTER INSERT ON sections
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER sections_updated AFTER UPDATE ON sections
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER sections_deleted AFTER DELETE ON sections
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER tags_inserted AFTER INSERT ON tags
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER tags_updated AFTER UPDATE ON tags
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER tags_deleted AFTER DELETE ON tags
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;

-- Live blogs: an article that is followed as it unfolds carries short
-- timestamped entries, newest first on its page, and readers with the page
-- open receive each new one as it is added. `live_blogs` says since when
-- (and until when) an article is live; entries are kept with who wrote
-- them, and one marked `pinned` ("penting") stays on top. Adding or
-- removing an entry moves the change serial, so every node learns of it.
CREATE TABLE live_blogs (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
);

CREATE TABLE live_entries (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    body_html  TEXT NOT NULL,
    pinned     INTEGER NOT NULL
);
CREATE INDEX live_entries_article ON live_entries (article_id, id);

CREATE TRIGGER live_blogs_inserted AFTER INSERT ON live_blogs
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER live_blogs_updated AFTER UPDATE ON live_blogs
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER live_entries_inserted AFTER INSERT ON live_entries
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER live_entries_deleted AFTER DELETE ON live_entries
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;

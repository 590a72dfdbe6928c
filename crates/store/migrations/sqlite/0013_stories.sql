-- Stories (Kronologi): the articles of one developing story, over days.
-- Warta places each newly published article itself (into the story of
-- the articles it is most alike, or a new story with them, or none), and
-- editors name, merge, split and correct. `article_stories` holds one row
-- per article once it has been placed: `story_id` NULL means "in no
-- story". A row an editor decided (`by_editor`) is never moved by Warta
-- again. A merged story keeps its row, pointing at the story it went
-- into, so its address leads there (no foreign key: a story may be
-- merged into one made after it, and copies fill tables in id order).
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    merged_into INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE article_stories (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id   INTEGER REFERENCES stories (id) ON DELETE SET NULL,
    by_editor  INTEGER NOT NULL
);
CREATE INDEX article_stories_story ON article_stories (story_id);

-- Readers see a story's name and its articles: changes to them move the
-- change serial; placing an article in no story changes nothing shown.
CREATE TRIGGER stories_inserted AFTER INSERT ON stories
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER stories_updated AFTER UPDATE ON stories
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER article_stories_inserted AFTER INSERT ON article_stories
WHEN NEW.story_id IS NOT NULL
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;
CREATE TRIGGER article_stories_updated AFTER UPDATE ON article_stories
WHEN NEW.story_id IS NOT OLD.story_id
BEGIN UPDATE site_changes SET serial = serial + 1 WHERE id = 1; END;

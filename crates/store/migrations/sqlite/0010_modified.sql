-- When an article's content last changed as readers see it, for sitemaps,
-- JSON-LD, feeds and Last-Modified: an import sets it from the source
-- (WordPress's post_modified_gmt, a JSON Lines updated_at), and the
-- trigger below sets it when a published article's content is changed
-- by a statement that did not set it itself (the newsroom's edits, a
-- re-import without a time of its own). NULL: never changed since it was
-- published. `updated_at` stays the time of any write, for the derived
-- indexes that follow the database.
ALTER TABLE articles ADD COLUMN modified_at INTEGER;

CREATE TRIGGER articles_content_modified
AFTER UPDATE OF title, lede, body_html, image_url, image_caption, correction_note ON articles
WHEN OLD.status = 'published' AND NEW.status = 'published'
    AND NEW.modified_at IS OLD.modified_at
    AND (NEW.title IS NOT OLD.title OR NEW.lede IS NOT OLD.lede
         OR NEW.body_html IS NOT OLD.body_html OR NEW.image_url IS NOT OLD.image_url
         OR NEW.image_caption IS NOT OLD.image_caption
         OR NEW.correction_note IS NOT OLD.correction_note)
BEGIN
    UPDATE articles SET modified_at = NEW.updated_at WHERE id = NEW.id;
END;

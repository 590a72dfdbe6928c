-- When an article's content last changed as readers see it, for sitemaps,
-- JSON-LD, feeds and Last-Modified: an import sets it from the source
-- (WordPress's post_modified_gmt, a JSON Lines updated_at), and the
-- trigger below sets it when a published article's content is changed
-- by a statement that did not set it itself (the newsroom's edits, a
-- re-import without a time of its own). NULL: never changed since it was
-- published. `updated_at` stays the time of any write, for the derived
-- indexes that follow the database.
ALTER TABLE articles ADD COLUMN modified_at BIGINT;

CREATE FUNCTION articles_content_modified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'published' AND NEW.status = 'published'
        AND NEW.modified_at IS NOT DISTINCT FROM OLD.modified_at
        AND (NEW.title, NEW.lede, NEW.body_html, NEW.image_url, NEW.image_caption,
             NEW.correction_note)
            IS DISTINCT FROM (OLD.title, OLD.lede, OLD.body_html, OLD.image_url,
                              OLD.image_caption, OLD.correction_note) THEN
        NEW.modified_at := NEW.updated_at;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_content_modified BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_content_modified();

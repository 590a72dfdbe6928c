-- What the editor sets on a library image: its alternative text, for
-- readers who do not see it, and its focal point in thousandths across and
-- down (the centre by default), which every crop keeps in the picture.
ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN focal_x INTEGER NOT NULL DEFAULT 500;
ALTER TABLE media ADD COLUMN focal_y INTEGER NOT NULL DEFAULT 500;

-- The editor's autosave: the form as a user last had it, one per article
-- and user, apart from the article and its revisions (a published article
-- does not change by being typed in). `fields` is the form's fields as a
-- JSON object; `base_version` the article version it was typed over.
CREATE TABLE autosaves (
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    base_version INTEGER NOT NULL,
    saved_at     INTEGER NOT NULL,
    fields       TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

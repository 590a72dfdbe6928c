-- Which page (one load of the editor) last said the user has the article
-- open: a goodbye from a page the user has since replaced (its beacon can
-- arrive after the new page's first beat) must not end the new page's
-- presence.
ALTER TABLE presence ADD COLUMN page TEXT NOT NULL DEFAULT '';

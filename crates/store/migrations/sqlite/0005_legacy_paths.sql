-- Addresses an article had on the site it was imported from (a WordPress
-- permalink, without its trailing slash): they redirect to the article.
CREATE TABLE legacy_paths (
    path       TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

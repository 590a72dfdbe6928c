-- The desk: notes on an article between its people (a note, a submission
-- for review, a sending back), kept with its history; who has an article
-- open in the editor now (a heartbeat); and what the newsroom's live
-- dashboard reads besides the hourly views: views per minute, and per hour
-- by where readers came from (a class, never an address).
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX article_notes_article ON article_notes (article_id, id);

CREATE TABLE presence (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

CREATE TABLE view_minutes (
    minute     INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    views      INTEGER NOT NULL,
    PRIMARY KEY (minute, article_id)
);

CREATE TABLE view_sources (
    hour       INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (hour, article_id, source)
);
CREATE INDEX view_sources_article ON view_sources (article_id, hour);

-- Addresses of an imported site that lead to a page rather than an
-- article: a WordPress category, tag or author page, by its old path or
-- query (`/category/berita`, `/?cat=5`, `/author/rina`).
CREATE TABLE redirects (
    path   TEXT PRIMARY KEY,
    target TEXT NOT NULL
);

-- The reader site: articles, their sections, tags and authors, former slugs,
-- editor's picks, settings and page views in hourly buckets.
-- Times are Unix seconds (UTC), the one time type both backends share.

CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE authors (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT UNIQUE,
    slug           TEXT NOT NULL,
    status         TEXT NOT NULL,
    title          TEXT NOT NULL,
    lede           TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL,
    section_id     INTEGER NOT NULL REFERENCES sections (id),
    image_url      TEXT,
    image_caption  TEXT NOT NULL DEFAULT '',
    image_credit   TEXT NOT NULL DEFAULT '',
    outlet_prefix  TEXT NOT NULL DEFAULT '',
    dateline_place TEXT NOT NULL DEFAULT '',
    published_at   INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    read_also_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL
);
CREATE INDEX articles_live ON articles (status, published_at DESC);
CREATE INDEX articles_section_live ON articles (section_id, status, published_at DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id);

CREATE TABLE former_slugs (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    PRIMARY KEY (article_id, slug)
);

CREATE TABLE picks (
    position   INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE views (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (article_id, hour)
);
CREATE INDEX views_hour ON views (hour);

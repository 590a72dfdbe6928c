-- Derived indexes (search, relatedness) ask every second what changed or
-- went live since a moment; these let the database answer without reading
-- every article.
CREATE INDEX IF NOT EXISTS articles_updated ON articles (updated_at);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_at);

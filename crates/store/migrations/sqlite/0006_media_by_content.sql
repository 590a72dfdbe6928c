-- Uploads found by their content: an import reuses an image already in the
-- library instead of adding it again.
CREATE INDEX media_sha256 ON media (sha256);

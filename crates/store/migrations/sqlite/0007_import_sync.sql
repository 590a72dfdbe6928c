-- A second import is a sync, not an overwrite: the version the last import
-- left an article at tells whether the newsroom changed it since (then the
-- import keeps the newsroom's article). Articles imported before this are
-- taken as unchanged since, the best that is known of them.
ALTER TABLE articles ADD COLUMN imported_version BIGINT;
UPDATE articles SET imported_version = version WHERE external_id IS NOT NULL;
-- Why an imported article is not public: 'private' or 'password' (it was
-- so on the site it came from); NULL for the rest.
ALTER TABLE articles ADD COLUMN import_restriction TEXT;

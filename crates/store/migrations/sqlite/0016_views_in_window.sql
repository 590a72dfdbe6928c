-- Terpopuler's window kept summed: each article's views from the window's
-- first hour on, added to as views are written and taken off as hours
-- leave the window, so the most read are the first rows of an index
-- instead of every view of the window summed at every reading.
-- Its one row is there from the start, empty until the window is first
-- summed: moving the window and writing views each lock it.
CREATE TABLE views_window (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    first_hour INTEGER
);
INSERT INTO views_window (id, first_hour) VALUES (1, NULL);
CREATE TABLE views_in_window (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    views      INTEGER NOT NULL
);
CREATE INDEX views_in_window_most ON views_in_window (views DESC, article_id DESC);

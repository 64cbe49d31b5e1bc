-- 008: nothing changes on SQLite. PostgreSQL's search index now folds accents the way FTS5's
-- unicode61 tokenizer (remove_diacritics 2) does here, so both engines find the same clients.
SELECT 1;

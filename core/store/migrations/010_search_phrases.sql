-- 010: nothing changes on SQLite, where a typed word with punctuation inside ("o'b") is already
-- searched as a phrase by the query itself. PostgreSQL's query function learns the same.
SELECT 1;

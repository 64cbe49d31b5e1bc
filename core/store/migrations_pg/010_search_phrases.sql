-- 010: a typed word with punctuation inside ("o'b", "smith-j", "555-01") is searched as its words
-- in a row, the last as a prefix, as on SQLite: "o'b" finds O'Brien, not every client with an "o"
-- word and a "b" word. Words stay separated by spaces; the parts of one word arrive joined by "-".
CREATE OR REPLACE FUNCTION xs_tsquery(words text) RETURNS tsquery LANGUAGE sql STABLE AS
$$ SELECT to_tsquery('simple', coalesce(string_agg('(' || regexp_replace(f, ' +', ' <-> ', 'g') || ':*)', ' & '), ''))
   FROM (SELECT btrim(xs_fold(w)) AS f FROM regexp_split_to_table(btrim(words), ' +') w) parts WHERE f <> '' $$;

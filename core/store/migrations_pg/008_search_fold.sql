-- 008: the search index folds words the way FTS5's unicode61 tokenizer (remove_diacritics 2)
-- does on SQLite: lower case, then combining accents taken off what decomposes into a letter and
-- its accents (é → e, ā → a, ö → o), but letters of their own kept (ß, æ, ø, ł, đ, þ). unaccent
-- also turned those into ss, ae, o, l, d, th, so "strasse" found "Straße" here but not on SQLite.
CREATE OR REPLACE FUNCTION xs_fold(t text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT regexp_replace(
       regexp_replace(normalize(lower(coalesce(t, '') COLLATE "und-x-icu"), NFD), '[\u0300-\u036f]+', '', 'g'),
       '[^[:alnum:]]+', ' ', 'g') $$;
-- Every row's words again, through the trigger.
UPDATE client_search SET name = name;

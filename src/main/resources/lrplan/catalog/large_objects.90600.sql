-- How many large objects exist (they are not replicated).
SELECT count(*) AS count FROM pg_largeobject_metadata

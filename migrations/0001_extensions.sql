-- Range exclusion constraints (no double-booked asset) and typo-tolerant search.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

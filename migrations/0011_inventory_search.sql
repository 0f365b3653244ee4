-- Search: indexes for the matchers of the one search box that 0003–0007 do not
-- cover, so that every branch of a search is an index scan at 100,000 assets.

-- Codes typed in part ("LX-00…"): a prefix range over every scannable code.
-- text_pattern_ops, because LIKE 'abc%' can use a default-collation btree only under the C collation.
CREATE INDEX scan_code_prefix ON scan_code (lower(code) text_pattern_ops);

-- Serial numbers typed in part; also serves equality.
CREATE INDEX asset_serial_prefix ON asset (lower(serial_number) text_pattern_ops) WHERE serial_number <> '';

-- Product tags as words. array_to_string is only STABLE (it depends on the
-- element type's output function); for text[] it is immutable, which an index needs.
CREATE FUNCTION search_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_to_string(tags, ' ') $$;
CREATE INDEX product_tags_search ON product USING gin (to_tsvector('simple', search_tags_text(tags)));

-- Full-text over case and kit names (products have their `search` column).
CREATE INDEX equipment_case_name_search ON equipment_case USING gin (to_tsvector('simple', name));
CREATE INDEX kit_name_search ON kit USING gin (to_tsvector('simple', name));

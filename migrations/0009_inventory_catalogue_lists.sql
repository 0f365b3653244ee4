-- Catalogue lists and generated tags: the sequence behind tags like A000123,
-- and what the product and asset lists need to pick good plans at 100,000
-- assets: the "recently changed" order, code search, tag prefixes in any
-- collation, statistics on lower(serial_number) (the partial indexes on it
-- give the planner none), and the "is this product in a case" check.

CREATE SEQUENCE asset_tag_seq START 1;

CREATE INDEX product_updated_order ON product (updated_at DESC, id DESC);
CREATE INDEX product_code_trgm ON product USING gin (lower(code) gin_trgm_ops);
CREATE INDEX asset_tag_prefix ON asset (lower(tag) text_pattern_ops);
CREATE STATISTICS asset_serial_lower ON (lower(serial_number)) FROM asset;
CREATE INDEX case_bulk_content_product ON case_bulk_content (product_id);

-- Kits: named bundles of products.

CREATE TABLE kit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  pricing text NOT NULL CHECK (pricing IN ('AS_UNIT', 'PER_ITEM')),
  day_rate_minor bigint NOT NULL DEFAULT 0 CHECK (day_rate_minor >= 0),
  day_rate_currency text NOT NULL DEFAULT 'EUR' CHECK (day_rate_currency ~ '^[A-Z]{3}$'),
  archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kit_code_unique ON kit (lower(code));
CREATE INDEX kit_name_trgm ON kit USING gin (lower(name) gin_trgm_ops);

CREATE TRIGGER kit_scan_code AFTER INSERT OR UPDATE OF code OR DELETE ON kit
  FOR EACH ROW EXECUTE FUNCTION scan_code_sync('code', 'KIT');

CREATE TABLE kit_item (
  kit_id uuid NOT NULL REFERENCES kit (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  optional boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (kit_id, product_id)
);
CREATE INDEX kit_item_product ON kit_item (product_id);

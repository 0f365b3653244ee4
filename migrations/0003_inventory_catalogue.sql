-- The catalogue: categories, locations, products and their accessories, and
-- one registry of every scannable code so a scan resolves in one lookup.

CREATE TABLE category (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  parent_id uuid REFERENCES category (id) ON DELETE RESTRICT,
  version integer NOT NULL DEFAULT 1,
  CHECK (parent_id IS DISTINCT FROM id)
);
-- Sibling names are unique; top-level categories share the all-zero parent.
CREATE UNIQUE INDEX category_sibling_name ON category (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE TABLE location (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  kind text NOT NULL CHECK (kind IN ('WAREHOUSE', 'ZONE', 'SHELF', 'BIN')),
  parent_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  -- The warehouse this location belongs to (itself for a warehouse).
  warehouse_id uuid NOT NULL REFERENCES location (id) ON DELETE RESTRICT,
  address text NOT NULL DEFAULT '',
  archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  CHECK ((kind = 'WAREHOUSE') = (parent_id IS NULL)),
  CHECK ((kind = 'WAREHOUSE') = (warehouse_id = id))
);
CREATE UNIQUE INDEX location_code_unique ON location (lower(code));
CREATE INDEX location_parent ON location (parent_id);

CREATE TABLE product (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  category_id uuid REFERENCES category (id) ON DELETE RESTRICT,
  tracking text NOT NULL CHECK (tracking IN ('SERIALIZED', 'BULK', 'CONSUMABLE')),
  day_rate_minor bigint NOT NULL DEFAULT 0 CHECK (day_rate_minor >= 0),
  day_rate_currency text NOT NULL DEFAULT 'EUR' CHECK (day_rate_currency ~ '^[A-Z]{3}$'),
  replacement_minor bigint NOT NULL DEFAULT 0 CHECK (replacement_minor >= 0),
  replacement_currency text NOT NULL DEFAULT 'EUR' CHECK (replacement_currency ~ '^[A-Z]{3}$'),
  weight_grams integer NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
  length_mm integer NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
  width_mm integer NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
  height_mm integer NOT NULL DEFAULT 0 CHECK (height_mm >= 0),
  volume_cm3 bigint GENERATED ALWAYS AS ((length_mm::bigint * width_mm * height_mm) / 1000) STORED,
  tags text[] NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  inspection_interval_days integer NOT NULL DEFAULT 0 CHECK (inspection_interval_days BETWEEN 0 AND 3650),
  archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', code), 'A') || setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', description), 'C')
  ) STORED
);
CREATE UNIQUE INDEX product_code_unique ON product (lower(code));
CREATE INDEX product_category ON product (category_id);
CREATE INDEX product_search ON product USING gin (search);
CREATE INDEX product_name_trgm ON product USING gin (lower(name) gin_trgm_ops);
CREATE INDEX product_tags ON product USING gin (tags);
CREATE INDEX product_name_order ON product (lower(name), id);

CREATE TABLE product_accessory (
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  accessory_product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  charged boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, accessory_product_id),
  CHECK (product_id <> accessory_product_id)
);
CREATE INDEX product_accessory_accessory ON product_accessory (accessory_product_id);

-- Every code a scanner can read: asset tags, case codes, product and kit codes.
-- One namespace, so a scan is never ambiguous; kept by triggers on the owners.
CREATE TABLE scan_code (
  code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ASSET', 'CASE', 'PRODUCT', 'KIT')),
  target_id uuid NOT NULL,
  PRIMARY KEY (kind, target_id)
);
CREATE UNIQUE INDEX scan_code_unique ON scan_code (lower(code));

CREATE FUNCTION scan_code_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  code_column text := TG_ARGV[0];
  code_kind text := TG_ARGV[1];
  new_code text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM scan_code WHERE kind = code_kind AND target_id = OLD.id;
    RETURN OLD;
  END IF;
  new_code := to_jsonb(NEW) ->> code_column;
  INSERT INTO scan_code (code, kind, target_id) VALUES (new_code, code_kind, NEW.id)
    ON CONFLICT (kind, target_id) DO UPDATE SET code = EXCLUDED.code;
  RETURN NEW;
END
$$;

CREATE TRIGGER product_scan_code AFTER INSERT OR UPDATE OF code OR DELETE ON product
  FOR EACH ROW EXECUTE FUNCTION scan_code_sync('code', 'PRODUCT');

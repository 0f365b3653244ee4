-- Serialized units and their history.

CREATE TABLE asset (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  tag text NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
  serial_number text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'AVAILABLE'
    CHECK (status IN ('AVAILABLE', 'CHECKED_OUT', 'IN_MAINTENANCE', 'DAMAGED', 'LOST', 'RETIRED')),
  -- Where it is; for a packed asset, the location of its outermost case.
  location_id uuid NOT NULL REFERENCES location (id) ON DELETE RESTRICT,
  case_id uuid,
  purchase_date date,
  purchase_cost_minor bigint NOT NULL DEFAULT 0 CHECK (purchase_cost_minor >= 0),
  purchase_cost_currency text NOT NULL DEFAULT 'EUR' CHECK (purchase_cost_currency ~ '^[A-Z]{3}$'),
  condition text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX asset_tag_unique ON asset (lower(tag));
CREATE INDEX asset_product_status ON asset (product_id, status);
CREATE INDEX asset_location ON asset (location_id);
CREATE INDEX asset_case ON asset (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX asset_tag_trgm ON asset USING gin (lower(tag) gin_trgm_ops);
CREATE INDEX asset_serial ON asset (lower(serial_number)) WHERE serial_number <> '';
CREATE INDEX asset_serial_trgm ON asset USING gin (lower(serial_number) gin_trgm_ops) WHERE serial_number <> '';

CREATE TRIGGER asset_scan_code AFTER INSERT OR UPDATE OF tag OR DELETE ON asset
  FOR EACH ROW EXECUTE FUNCTION scan_code_sync('tag', 'ASSET');

CREATE TABLE asset_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  asset_id uuid NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('CREATED', 'STATUS', 'LOCATION', 'CASE')),
  from_value text NOT NULL DEFAULT '',
  to_value text NOT NULL DEFAULT '',
  reason text NOT NULL DEFAULT '',
  actor_user_id uuid,
  source_type text NOT NULL DEFAULT 'manual',
  source_id text NOT NULL DEFAULT ''
);
CREATE INDEX asset_history_asset ON asset_history (asset_id, id DESC);

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER asset_history_no_change BEFORE UPDATE ON asset_history
  FOR EACH ROW EXECUTE FUNCTION append_only();

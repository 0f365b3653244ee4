-- Bulk stock: a level per product and location, changed only with a movement in the ledger.

CREATE TABLE stock_level (
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  location_id uuid NOT NULL REFERENCES location (id) ON DELETE RESTRICT,
  -- Never negative: the database refuses it, whatever the code does.
  quantity integer NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (product_id, location_id)
);
CREATE INDEX stock_level_location ON stock_level (location_id);

CREATE TABLE stock_movement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Client-generated id of the request: a retry is applied once.
  request_id uuid UNIQUE,
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  kind text NOT NULL CHECK (kind IN ('RECEIVE', 'WRITE_OFF', 'ADJUST', 'TRANSFER')),
  from_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  to_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  quantity integer NOT NULL,
  reason text NOT NULL DEFAULT '',
  actor_user_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (kind = 'RECEIVE' AND from_location_id IS NULL AND to_location_id IS NOT NULL AND quantity > 0)
    OR (kind = 'WRITE_OFF' AND from_location_id IS NOT NULL AND to_location_id IS NULL AND quantity > 0)
    OR (kind = 'ADJUST' AND from_location_id IS NULL AND to_location_id IS NOT NULL)
    OR (kind = 'TRANSFER' AND from_location_id IS NOT NULL AND to_location_id IS NOT NULL AND from_location_id <> to_location_id AND quantity > 0)
  )
);
CREATE INDEX stock_movement_product ON stock_movement (product_id, at DESC, id);
CREATE INDEX stock_movement_from ON stock_movement (from_location_id, at DESC) WHERE from_location_id IS NOT NULL;
CREATE INDEX stock_movement_to ON stock_movement (to_location_id, at DESC) WHERE to_location_id IS NOT NULL;
CREATE TRIGGER stock_movement_no_change BEFORE UPDATE OR DELETE ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION append_only();

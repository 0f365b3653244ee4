-- Cases (flight cases, racks, dollies): contents, nesting without cycles.

CREATE TABLE equipment_case (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('PERMANENT', 'TEMPORARY')),
  location_id uuid NOT NULL REFERENCES location (id) ON DELETE RESTRICT,
  parent_case_id uuid REFERENCES equipment_case (id) ON DELETE RESTRICT,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_case_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX equipment_case_code_unique ON equipment_case (lower(code));
CREATE INDEX equipment_case_parent ON equipment_case (parent_case_id) WHERE parent_case_id IS NOT NULL;
CREATE INDEX equipment_case_location ON equipment_case (location_id);
CREATE INDEX equipment_case_name_trgm ON equipment_case USING gin (lower(name) gin_trgm_ops);

CREATE TRIGGER equipment_case_scan_code AFTER INSERT OR UPDATE OF code OR DELETE ON equipment_case
  FOR EACH ROW EXECUTE FUNCTION scan_code_sync('code', 'CASE');

ALTER TABLE asset ADD CONSTRAINT asset_case_fk FOREIGN KEY (case_id) REFERENCES equipment_case (id) ON DELETE RESTRICT;

-- A case may not end up inside itself: the service locks and checks, and this
-- trigger refuses any write that would close a loop.
CREATE FUNCTION equipment_case_no_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_case_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE up (id) AS (
      SELECT NEW.parent_case_id
      UNION
      SELECT c.parent_case_id FROM equipment_case c JOIN up ON c.id = up.id WHERE c.parent_case_id IS NOT NULL
    )
    SELECT 1 FROM up WHERE id = NEW.id
  ) THEN
    RAISE EXCEPTION 'case % cannot be put inside itself', NEW.code USING ERRCODE = 'check_violation', CONSTRAINT = 'equipment_case_no_cycle';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER equipment_case_no_cycle BEFORE INSERT OR UPDATE OF parent_case_id ON equipment_case
  FOR EACH ROW EXECUTE FUNCTION equipment_case_no_cycle();

CREATE TABLE case_bulk_content (
  case_id uuid NOT NULL REFERENCES equipment_case (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE RESTRICT,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (case_id, product_id)
);

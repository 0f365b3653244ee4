-- Scanning: a location's shelf label is a scannable code like any other (a
-- stocktake or transfer scans it to say where it works), so location codes join
-- the one case-insensitive namespace of asset tags, case, product and kit codes.

ALTER TABLE scan_code DROP CONSTRAINT scan_code_kind_check;
ALTER TABLE scan_code ADD CONSTRAINT scan_code_kind_check CHECK (kind IN ('ASSET', 'CASE', 'PRODUCT', 'KIT', 'LOCATION'));

INSERT INTO scan_code (code, kind, target_id) SELECT code, 'LOCATION', id FROM location;

CREATE TRIGGER location_scan_code AFTER INSERT OR DELETE OR UPDATE OF code ON location
  FOR EACH ROW EXECUTE FUNCTION scan_code_sync('code', 'LOCATION');

-- A pull-list line can be a permanent case (an amp rack, a pre-built cable
-- trunk), booked as a unit: the database keeps a case from two overlapping
-- bookings, and the assets inside it are booked with it (asset_booking rows of
-- the case's line), so the asset exclusion constraint covers them too.

ALTER TABLE pull_list_line ADD COLUMN case_id uuid REFERENCES equipment_case (id) ON DELETE RESTRICT;
ALTER TABLE pull_list_line DROP CONSTRAINT pull_list_line_kind_check;
ALTER TABLE pull_list_line ADD CONSTRAINT pull_list_line_kind_check CHECK (kind IN ('PRODUCT', 'ASSET', 'KIT', 'CASE'));
ALTER TABLE pull_list_line DROP CONSTRAINT pull_list_line_check1;
ALTER TABLE pull_list_line ADD CONSTRAINT pull_list_line_item_check CHECK (
  (kind = 'PRODUCT' AND product_id IS NOT NULL AND asset_id IS NULL AND kit_id IS NULL AND case_id IS NULL)
  OR (kind = 'ASSET' AND product_id IS NOT NULL AND asset_id IS NOT NULL AND kit_id IS NULL AND case_id IS NULL AND quantity = 1)
  OR (kind = 'KIT' AND kit_id IS NOT NULL AND product_id IS NULL AND asset_id IS NULL AND case_id IS NULL)
  OR (kind = 'CASE' AND case_id IS NOT NULL AND product_id IS NULL AND asset_id IS NULL AND kit_id IS NULL AND quantity = 1)
);
ALTER TABLE pull_list_line DROP CONSTRAINT pull_list_line_check2;
ALTER TABLE pull_list_line ADD CONSTRAINT pull_list_line_source_kind_check CHECK (source = 'OWN_STOCK' OR kind = 'PRODUCT');
-- A case appears at most once on an event's pull list.
CREATE UNIQUE INDEX pull_list_line_case ON pull_list_line (event_id, case_id) WHERE case_id IS NOT NULL;
CREATE INDEX pull_list_line_case_id ON pull_list_line (case_id) WHERE case_id IS NOT NULL;

-- A permanent case booked for an event over the event's out-period.
CREATE TABLE case_booking (
  line_id uuid PRIMARY KEY REFERENCES pull_list_line (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES equipment_case (id) ON DELETE RESTRICT,
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  period tstzrange NOT NULL,
  CONSTRAINT case_booking_no_overlap EXCLUDE USING gist (case_id WITH =, period WITH &&)
);
CREATE INDEX case_booking_event ON case_booking (event_id);

-- One booking line now books many assets (a case line books its contents).
ALTER TABLE asset_booking DROP CONSTRAINT asset_booking_pkey;
ALTER TABLE asset_booking ADD CONSTRAINT asset_booking_pkey PRIMARY KEY (line_id, asset_id);

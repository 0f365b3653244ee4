-- Scanning sessions and their scans. A scan is stored under its client-generated
-- id with the payload it carried, so a retry is recognised (and a reused id with
-- another payload refused), and with the effects it applied, so the newest scan
-- can be undone exactly.

CREATE TABLE scan_session (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('CHECK_OUT', 'CHECK_IN', 'CASE_PACKING', 'STOCKTAKE', 'TRANSFER')),
  state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'ENDED')),
  event_id uuid REFERENCES event (id) ON DELETE RESTRICT,
  case_id uuid REFERENCES equipment_case (id) ON DELETE RESTRICT,
  location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  source_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  current_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  owner_user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  request_id uuid UNIQUE,
  last_sequence bigint NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
  corrections_applied boolean NOT NULL DEFAULT false,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  CHECK ((state = 'ENDED') = (ended_at IS NOT NULL)),
  CHECK ((kind IN ('CHECK_OUT', 'CHECK_IN')) = (event_id IS NOT NULL)),
  CHECK ((kind = 'CASE_PACKING') = (case_id IS NOT NULL)),
  CHECK (kind NOT IN ('CHECK_IN', 'STOCKTAKE', 'TRANSFER') OR location_id IS NOT NULL)
);
CREATE INDEX scan_session_started ON scan_session (started_at DESC, id DESC);
CREATE INDEX scan_session_event ON scan_session (event_id, started_at DESC) WHERE event_id IS NOT NULL;

CREATE TABLE scan (
  scan_id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES scan_session (id) ON DELETE CASCADE,
  sequence bigint NOT NULL CHECK (sequence >= 1),
  payload text NOT NULL,
  code text NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('ASSET', 'CASE', 'PRODUCT', 'LOCATION')),
  target_id uuid NOT NULL,
  title text NOT NULL,
  action text NOT NULL CHECK (action IN ('CHECKED_OUT', 'CHECKED_IN', 'PACKED', 'UNPACKED', 'FOUND', 'MOVED', 'LOCATION_SET')),
  quantity integer NOT NULL CHECK (quantity >= 0),
  asset_ids uuid[] NOT NULL DEFAULT '{}',
  line_ids uuid[] NOT NULL DEFAULT '{}',
  overridden_reason text NOT NULL DEFAULT '',
  override_note text NOT NULL DEFAULT '',
  damaged boolean NOT NULL DEFAULT false,
  damage_note text NOT NULL DEFAULT '',
  maintenance_record_id uuid REFERENCES maintenance_record (id) ON DELETE SET NULL,
  location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
  scanned_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  effects jsonb NOT NULL DEFAULT '[]',
  UNIQUE (session_id, sequence)
);

-- A serialized unit out on an event, and the pull-list line it was assigned to
-- (NULL when an override took it out although the list does not ask for it).
-- One row per unit: a unit is never out twice.
CREATE TABLE asset_out (
  asset_id uuid PRIMARY KEY REFERENCES asset (id) ON DELETE RESTRICT,
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE RESTRICT,
  line_id uuid REFERENCES pull_list_line (id) ON DELETE SET NULL,
  scan_id uuid NOT NULL,
  out_at timestamptz NOT NULL
);
CREATE INDEX asset_out_event ON asset_out (event_id);
CREATE INDEX asset_out_line ON asset_out (line_id) WHERE line_id IS NOT NULL;

-- A stocktake's discrepancy report, computed once when the session ends.
CREATE TABLE scan_discrepancy (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES scan_session (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('MISSING', 'UNEXPECTED', 'WRONG_LOCATION', 'BULK_COUNT')),
  asset_id uuid REFERENCES asset (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  expected_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  found_location_id uuid REFERENCES location (id) ON DELETE RESTRICT,
  expected_quantity integer NOT NULL DEFAULT 0 CHECK (expected_quantity >= 0),
  counted_quantity integer NOT NULL DEFAULT 0 CHECK (counted_quantity >= 0),
  applied_at timestamptz,
  applied_reason text NOT NULL DEFAULT '',
  applied_by_user_id uuid REFERENCES app_user (id) ON DELETE RESTRICT,
  CHECK ((kind = 'BULK_COUNT') = (asset_id IS NULL)),
  CHECK ((applied_at IS NULL) = (applied_by_user_id IS NULL)),
  UNIQUE (session_id, position)
);

-- Planning: clients, venues, projects, events with phases, pull lists, and the
-- bookings of specific assets that the database keeps from overlapping.

-- A client company. One table: the CRM (issue 6) extends it rather than adding another.
CREATE TABLE client (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_name_trgm ON client USING gin (lower(name) gin_trgm_ops);

CREATE TABLE venue (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address text NOT NULL DEFAULT '',
  latitude double precision NOT NULL DEFAULT 0 CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL DEFAULT 0 CHECK (longitude BETWEEN -180 AND 180),
  access_notes text NOT NULL DEFAULT '',
  contacts text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX venue_name_trgm ON venue USING gin (lower(name) gin_trgm_ops);

CREATE TABLE project (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1
);

-- One row: the instance's planning settings.
CREATE TABLE planning_settings (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  overbooking_policy text NOT NULL DEFAULT 'BLOCK' CHECK (overbooking_policy IN ('BLOCK', 'WARN')),
  event_number_prefix text NOT NULL DEFAULT 'EV-',
  buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 20160),
  buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 20160)
);
INSERT INTO planning_settings DEFAULT VALUES;

CREATE SEQUENCE event_number_seq;

CREATE TABLE event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'ENQUIRY'
    CHECK (status IN ('ENQUIRY', 'PROVISIONAL', 'CONFIRMED', 'PREPPED', 'OUT', 'RETURNED', 'CLOSED', 'CANCELLED')),
  client_id uuid REFERENCES client (id) ON DELETE RESTRICT,
  contact_name text NOT NULL DEFAULT '',
  venue_id uuid REFERENCES venue (id) ON DELETE RESTRICT,
  project_id uuid REFERENCES project (id) ON DELETE RESTRICT,
  time_zone text NOT NULL DEFAULT 'UTC',
  notes text NOT NULL DEFAULT '',
  is_template boolean NOT NULL DEFAULT false,
  confirmed_with_shortages boolean NOT NULL DEFAULT false,
  -- First phase start → last phase end: the gear is out of the warehouse. Kept by the service from the phases.
  out_period tstzrange NOT NULL CHECK (NOT isempty(out_period) AND lower_inc(out_period) AND NOT upper_inc(out_period)),
  -- The show phases: what is charged.
  charge_period tstzrange,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX event_number_unique ON event (number);
-- "Which events overlap this period" — availability, shortages, calendars.
CREATE INDEX event_out_period ON event USING gist (out_period) WHERE NOT is_template;
CREATE INDEX event_status_start ON event (status, lower(out_period));
CREATE INDEX event_client ON event (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX event_project ON event (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX event_name_trgm ON event USING gin (lower(name) gin_trgm_ops);

CREATE TABLE event_phase (
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('PREP', 'LOAD_OUT', 'SHOW', 'LOAD_IN')),
  period tstzrange NOT NULL CHECK (NOT isempty(period)),
  label text NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, position)
);

CREATE TABLE event_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX event_history_event ON event_history (event_id, id DESC);
CREATE TRIGGER event_history_no_change BEFORE UPDATE ON event_history
  FOR EACH ROW EXECUTE FUNCTION append_only();

CREATE TABLE pull_list_section (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX pull_list_section_event ON pull_list_section (event_id, position);

CREATE TABLE pull_list_line (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  section_id uuid NOT NULL REFERENCES pull_list_section (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('PRODUCT', 'ASSET', 'KIT')),
  product_id uuid REFERENCES product (id) ON DELETE RESTRICT,
  asset_id uuid REFERENCES asset (id) ON DELETE RESTRICT,
  kit_id uuid REFERENCES kit (id) ON DELETE RESTRICT,
  parent_line_id uuid REFERENCES pull_list_line (id) ON DELETE CASCADE,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
  picked integer NOT NULL DEFAULT 0 CHECK (picked >= 0),
  checked_out integer NOT NULL DEFAULT 0 CHECK (checked_out >= 0),
  returned integer NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= checked_out),
  source text NOT NULL DEFAULT 'OWN_STOCK' CHECK (source IN ('OWN_STOCK', 'PARTNER', 'SUPPLIER')),
  supplier text NOT NULL DEFAULT '',
  cost_minor bigint NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
  cost_currency text NOT NULL DEFAULT 'EUR' CHECK (cost_currency ~ '^[A-Z]{3}$'),
  notes text NOT NULL DEFAULT '',
  accessory boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  CHECK (
    (kind = 'PRODUCT' AND product_id IS NOT NULL AND asset_id IS NULL AND kit_id IS NULL)
    OR (kind = 'ASSET' AND product_id IS NOT NULL AND asset_id IS NOT NULL AND kit_id IS NULL AND quantity = 1)
    OR (kind = 'KIT' AND kit_id IS NOT NULL AND product_id IS NULL AND asset_id IS NULL)
  ),
  CHECK (source = 'OWN_STOCK' OR kind <> 'KIT')
);
CREATE INDEX pull_list_line_event ON pull_list_line (event_id, section_id, position);
CREATE INDEX pull_list_line_product ON pull_list_line (product_id, event_id) WHERE product_id IS NOT NULL;
CREATE INDEX pull_list_line_parent ON pull_list_line (parent_line_id) WHERE parent_line_id IS NOT NULL;

-- A specific asset booked for an event over the event's out-period. The
-- database refuses two overlapping bookings of one asset, whatever the code does.
CREATE TABLE asset_booking (
  line_id uuid PRIMARY KEY REFERENCES pull_list_line (id) ON DELETE CASCADE,
  asset_id uuid NOT NULL REFERENCES asset (id) ON DELETE RESTRICT,
  event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  period tstzrange NOT NULL,
  CONSTRAINT asset_booking_no_overlap EXCLUDE USING gist (asset_id WITH =, period WITH &&)
);
CREATE INDEX asset_booking_event ON asset_booking (event_id);

-- Damage reports, repairs and inspections.

CREATE TABLE maintenance_record (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asset_id uuid NOT NULL REFERENCES asset (id) ON DELETE RESTRICT,
  kind text NOT NULL CHECK (kind IN ('DAMAGE_REPORT', 'REPAIR', 'INSPECTION')),
  state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  notes text NOT NULL DEFAULT '',
  cost_minor bigint NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
  cost_currency text NOT NULL DEFAULT 'EUR' CHECK (cost_currency ~ '^[A-Z]{3}$'),
  -- A repair takes the asset out of availability over this period while open.
  out_of_service tstzrange,
  inspection_result text CHECK (inspection_result IN ('PASSED', 'FAILED')),
  reported_by_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((state IN ('DONE', 'CANCELLED')) = (closed_at IS NOT NULL)),
  CHECK (out_of_service IS NULL OR NOT isempty(out_of_service))
);
CREATE INDEX maintenance_record_asset ON maintenance_record (asset_id, created_at DESC);
CREATE INDEX maintenance_record_open ON maintenance_record (state, created_at DESC) WHERE state IN ('OPEN', 'IN_PROGRESS');
-- Availability asks "which assets are out of service over this range".
CREATE INDEX maintenance_record_out_of_service ON maintenance_record USING gist (asset_id, out_of_service)
  WHERE out_of_service IS NOT NULL AND state IN ('OPEN', 'IN_PROGRESS');
CREATE INDEX maintenance_record_inspections ON maintenance_record (asset_id, closed_at DESC)
  WHERE kind = 'INSPECTION' AND state = 'DONE';

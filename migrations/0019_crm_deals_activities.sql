-- CRM, part 2: the deal pipeline (configurable stages), deals with their
-- stage-change log, and activities (notes, calls, emails, meetings, tasks)
-- on companies, contacts and deals.

CREATE TABLE pipeline_stage (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  position integer NOT NULL,
  -- Percent chance that a deal in this stage is won, for the weighted pipeline.
  win_probability integer NOT NULL CHECK (win_probability BETWEEN 0 AND 100),
  -- OPEN stages are worked on; a deal in the WON or LOST stage is closed.
  kind text NOT NULL DEFAULT 'OPEN' CHECK (kind IN ('OPEN', 'WON', 'LOST')),
  -- A removed stage leaves the board but stays for the stage-change log.
  archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  CHECK (NOT archived OR kind = 'OPEN'),
  CHECK (kind <> 'WON' OR win_probability = 100),
  CHECK (kind <> 'LOST' OR win_probability = 0)
);
CREATE UNIQUE INDEX pipeline_stage_name_unique ON pipeline_stage (lower(name)) WHERE NOT archived;
-- Exactly one won and one lost stage (the service never deletes them).
CREATE UNIQUE INDEX pipeline_stage_one_won_one_lost ON pipeline_stage (kind) WHERE kind <> 'OPEN';
INSERT INTO pipeline_stage (name, position, win_probability, kind) VALUES
  ('Lead', 10, 10, 'OPEN'),
  ('Qualified', 20, 25, 'OPEN'),
  ('Proposal', 30, 50, 'OPEN'),
  ('Negotiation', 40, 75, 'OPEN'),
  ('Won', 50, 100, 'WON'),
  ('Lost', 60, 0, 'LOST');

CREATE SEQUENCE deal_number_seq;

CREATE TABLE deal (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- "D-0042": what people say on the phone.
  number text NOT NULL UNIQUE DEFAULT ('D-' || lpad(nextval('deal_number_seq')::text, 4, '0')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  company_id uuid NOT NULL REFERENCES company (id) ON DELETE RESTRICT,
  contact_id uuid,
  stage_id uuid NOT NULL REFERENCES pipeline_stage (id) ON DELETE RESTRICT,
  value_minor bigint NOT NULL DEFAULT 0 CHECK (value_minor >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  owner_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
  lost_reason text NOT NULL DEFAULT '' CHECK (length(lost_reason) <= 1000),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
  -- The event created from this deal; one event per deal and one deal per event.
  event_id uuid UNIQUE REFERENCES event (id) ON DELETE SET NULL,
  closed_at timestamptz,
  request_id uuid UNIQUE,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deal_contact_of_company FOREIGN KEY (company_id, contact_id) REFERENCES contact (company_id, id) ON DELETE RESTRICT
);
CREATE INDEX deal_stage ON deal (stage_id, updated_at DESC);
CREATE INDEX deal_company ON deal (company_id);
CREATE INDEX deal_contact ON deal (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX deal_owner ON deal (owner_user_id) WHERE owner_user_id IS NOT NULL;
CREATE INDEX deal_title_trgm ON deal USING gin (lower(title) gin_trgm_ops);

-- Every move of a deal between stages (and its creation, from_stage_id NULL). Append-only.
CREATE TABLE deal_stage_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deal (id) ON DELETE CASCADE,
  from_stage_id uuid REFERENCES pipeline_stage (id) ON DELETE RESTRICT,
  to_stage_id uuid NOT NULL REFERENCES pipeline_stage (id) ON DELETE RESTRICT,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  lost_reason text NOT NULL DEFAULT ''
);
CREATE INDEX deal_stage_change_deal ON deal_stage_change (deal_id, id);
CREATE TRIGGER deal_stage_change_no_change BEFORE UPDATE ON deal_stage_change
  FOR EACH ROW EXECUTE FUNCTION append_only();

CREATE TABLE activity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('NOTE', 'CALL', 'EMAIL', 'MEETING', 'TASK')),
  company_id uuid REFERENCES company (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contact (id) ON DELETE CASCADE,
  deal_id uuid REFERENCES deal (id) ON DELETE CASCADE,
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  -- When the call, email or meeting happened (or the note was written).
  occurred_at timestamptz NOT NULL,
  -- Tasks only: when it is due, and when it was done.
  due_at timestamptz,
  done_at timestamptz,
  owner_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
  created_by_user_id uuid,
  request_id uuid UNIQUE,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (company_id IS NOT NULL OR contact_id IS NOT NULL OR deal_id IS NOT NULL),
  CHECK ((kind = 'TASK') = (due_at IS NOT NULL)),
  CHECK (kind = 'TASK' OR done_at IS NULL)
);
CREATE INDEX activity_company ON activity (company_id, occurred_at DESC) WHERE company_id IS NOT NULL;
CREATE INDEX activity_contact ON activity (contact_id, occurred_at DESC) WHERE contact_id IS NOT NULL;
CREATE INDEX activity_deal ON activity (deal_id, occurred_at DESC) WHERE deal_id IS NOT NULL;
-- The task list: open tasks by due date.
CREATE INDEX activity_open_tasks ON activity (due_at) WHERE kind = 'TASK' AND done_at IS NULL;

-- CRM, part 1: the planning table `client` becomes the CRM's `company` (one
-- table, not two: event.client_id keeps referencing it), with roles, tags,
-- addresses and contacts; the event's free-text contact becomes a reference
-- to a contact of the event's client.

ALTER TABLE client RENAME TO company;
ALTER TABLE company RENAME CONSTRAINT client_pkey TO company_pkey;
ALTER TABLE company RENAME CONSTRAINT client_name_check TO company_name_check;
ALTER INDEX client_name_trgm RENAME TO company_name_trgm;
ALTER INDEX event_client RENAME TO event_company;

-- Role names of a company; a company holds at least one, any combination.
CREATE FUNCTION crm_roles_valid(roles text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT cardinality(roles) >= 1 AND roles <@ ARRAY['CLIENT', 'SUPPLIER', 'PARTNER']::text[] $$;

ALTER TABLE company
  ADD COLUMN roles text[] NOT NULL DEFAULT ARRAY['CLIENT']::text[] CHECK (crm_roles_valid(roles)),
  ADD COLUMN email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  ADD COLUMN phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  ADD COLUMN website text NOT NULL DEFAULT '' CHECK (length(website) <= 300),
  ADD COLUMN vat_id text NOT NULL DEFAULT '' CHECK (length(vat_id) <= 50),
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
  -- Client-generated id of the create request: a retried create returns the first result.
  ADD COLUMN request_id uuid UNIQUE,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', email), 'B')
      || setweight(to_tsvector('simple', search_tags_text(tags)), 'B') || setweight(to_tsvector('simple', notes), 'D')
  ) STORED;
CREATE INDEX company_search ON company USING gin (search);
-- Duplicate detection on create: same name or same email.
CREATE INDEX company_name_lower ON company (lower(name));
CREATE INDEX company_email_lower ON company (lower(email)) WHERE email <> '';
CREATE INDEX company_roles ON company USING gin (roles);
CREATE INDEX company_tags ON company USING gin (tags);

CREATE TABLE company_address (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES company (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('BILLING', 'SHIPPING', 'OTHER')),
  street text NOT NULL DEFAULT '' CHECK (length(street) <= 300),
  postal_code text NOT NULL DEFAULT '' CHECK (length(postal_code) <= 20),
  city text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
  region text NOT NULL DEFAULT '' CHECK (length(region) <= 100),
  -- ISO 3166-1 alpha-2, or empty when unknown.
  country text NOT NULL DEFAULT '' CHECK (country = '' OR country ~ '^[A-Z]{2}$'),
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX company_address_company ON company_address (company_id, position);

CREATE TABLE contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES company (id) ON DELETE RESTRICT,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  -- The person's role at the company, e.g. "Production manager".
  role text NOT NULL DEFAULT '' CHECK (length(role) <= 100),
  tags text[] NOT NULL DEFAULT '{}',
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
  request_id uuid UNIQUE,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', email), 'B')
      || setweight(to_tsvector('simple', role), 'C') || setweight(to_tsvector('simple', search_tags_text(tags)), 'B')
  ) STORED,
  -- Target of the (company, contact) references below: a contact belongs to that company.
  UNIQUE (company_id, id)
);
CREATE INDEX contact_search ON contact USING gin (search);
CREATE INDEX contact_name_trgm ON contact USING gin (lower(name) gin_trgm_ops);
CREATE INDEX contact_name_lower ON contact (lower(name));
CREATE INDEX contact_email_lower ON contact (lower(email)) WHERE email <> '';
CREATE INDEX company_email_trgm ON company USING gin (lower(email) gin_trgm_ops) WHERE email <> '';
CREATE INDEX contact_email_trgm ON contact USING gin (lower(email) gin_trgm_ops) WHERE email <> '';

-- The event's contact: a contact of the event's client (never of another company).
ALTER TABLE event
  ADD COLUMN contact_id uuid,
  ADD CONSTRAINT event_contact_of_client FOREIGN KEY (client_id, contact_id) REFERENCES contact (company_id, id) ON DELETE RESTRICT,
  ADD CONSTRAINT event_contact_needs_client CHECK (contact_id IS NULL OR client_id IS NOT NULL);
CREATE INDEX event_contact ON event (contact_id) WHERE contact_id IS NOT NULL;

-- Free-text contacts of events with a client become contacts of that client
-- (one per client and name); the event then references it instead.
INSERT INTO contact (company_id, name)
  SELECT DISTINCT client_id, btrim(contact_name) FROM event
  WHERE client_id IS NOT NULL AND btrim(contact_name) <> '';
UPDATE event e SET contact_id = c.id, contact_name = ''
  FROM contact c
  WHERE e.client_id = c.company_id AND btrim(e.contact_name) = c.name AND btrim(e.contact_name) <> '';

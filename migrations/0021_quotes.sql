-- Quotes: versioned documents for deals and events, priced by day-rate curves,
-- taxes and currencies; the instance's letterhead and quoting defaults.
-- See docs/rules/quote-pricing.md and docs/rules/quote-versions.md.

-- One row: letterhead, defaults, and today's exchange rates (copied into every new quote version).
CREATE TABLE quote_settings (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  company_name text NOT NULL DEFAULT '' CHECK (length(company_name) <= 200),
  company_address text NOT NULL DEFAULT '' CHECK (length(company_address) <= 1000),
  company_contact text NOT NULL DEFAULT '' CHECK (length(company_contact) <= 1000),
  tax_id text NOT NULL DEFAULT '' CHECK (length(tax_id) <= 50),
  bank_details text NOT NULL DEFAULT '' CHECK (length(bank_details) <= 1000),
  logo_data_url text NOT NULL DEFAULT '' CHECK (length(logo_data_url) <= 500000),
  -- {"en": "...", "de": "...", "ar": "..."}
  terms jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(terms) = 'object'),
  default_currency text NOT NULL DEFAULT 'EUR' CHECK (default_currency ~ '^[A-Z]{3}$'),
  default_language text NOT NULL DEFAULT 'en' CHECK (default_language IN ('en', 'de', 'ar')),
  default_tax_rate_bp integer NOT NULL DEFAULT 1900 CHECK (default_tax_rate_bp BETWEEN 0 AND 10000),
  validity_days integer NOT NULL DEFAULT 30 CHECK (validity_days BETWEEN 1 AND 365),
  exchange_base text NOT NULL DEFAULT 'EUR' CHECK (exchange_base ~ '^[A-Z]{3}$'),
  -- {"USD": "1.08", ...}: one unit of exchange_base buys this many units.
  exchange_rates jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(exchange_rates) = 'object')
);
INSERT INTO quote_settings DEFAULT VALUES;

-- Day-rate curves: the instance default (no company, no category), per company, per category, per both.
CREATE TABLE rate_curve (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid REFERENCES company (id) ON DELETE CASCADE,
  category_id uuid REFERENCES category (id) ON DELETE CASCADE,
  -- [{"days": 1, "factorMilli": 1000}, ...], checked by the pricing rules.
  points jsonb NOT NULL CHECK (jsonb_typeof(points) = 'array' AND jsonb_array_length(points) BETWEEN 1 AND 60),
  CONSTRAINT rate_curve_scope_unique UNIQUE NULLS NOT DISTINCT (company_id, category_id)
);

CREATE SEQUENCE quote_number_seq;

CREATE TABLE quote (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  title text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  deal_id uuid REFERENCES deal (id) ON DELETE RESTRICT,
  event_id uuid REFERENCES event (id) ON DELETE RESTRICT,
  company_id uuid REFERENCES company (id) ON DELETE RESTRICT,
  latest_version integer NOT NULL DEFAULT 1 CHECK (latest_version >= 1),
  -- Client-generated id of the create request: a retried create returns the first result.
  request_id uuid UNIQUE,
  -- Who created it (kept when the user is deleted, as in the other histories).
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (deal_id IS NOT NULL OR event_id IS NOT NULL)
);
CREATE INDEX quote_event ON quote (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX quote_deal ON quote (deal_id) WHERE deal_id IS NOT NULL;
CREATE INDEX quote_company ON quote (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX quote_created ON quote (created_at DESC, id DESC);

CREATE TABLE quote_version (
  quote_id uuid NOT NULL REFERENCES quote (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'SENT', 'ACCEPTED', 'DECLINED')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  language text NOT NULL CHECK (language IN ('en', 'de', 'ar')),
  prices_include_tax boolean NOT NULL DEFAULT false,
  discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  valid_until timestamptz NOT NULL,
  exchange_base text NOT NULL CHECK (exchange_base ~ '^[A-Z]{3}$'),
  exchange_rates jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(exchange_rates) = 'object'),
  intro text NOT NULL DEFAULT '' CHECK (length(intro) <= 5000),
  terms text NOT NULL DEFAULT '' CHECK (length(terms) <= 20000),
  -- Totals by the pricing rules, kept with every save (lists and reports read them).
  net_minor bigint NOT NULL DEFAULT 0,
  tax_minor bigint NOT NULL DEFAULT 0,
  gross_minor bigint NOT NULL DEFAULT 0 CHECK (gross_minor = net_minor + tax_minor),
  -- Edit counter of a draft (optimistic concurrency of UpdateQuote).
  revision integer NOT NULL DEFAULT 1,
  sent_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (quote_id, version),
  CHECK ((status = 'DRAFT') = (sent_at IS NULL)),
  CHECK ((status IN ('ACCEPTED', 'DECLINED')) = (decided_at IS NOT NULL))
);

CREATE TABLE quote_line (
  quote_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  -- The same line across versions (for comparing them).
  line_key uuid NOT NULL,
  section text NOT NULL DEFAULT '' CHECK (length(section) <= 100),
  kind text NOT NULL CHECK (kind IN ('EQUIPMENT', 'CREW', 'TRANSPORT', 'FREE')),
  product_id uuid REFERENCES product (id) ON DELETE RESTRICT,
  kit_id uuid REFERENCES kit (id) ON DELETE RESTRICT,
  category_id uuid,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 20),
  quantity integer NOT NULL CHECK (quantity BETWEEN 0 AND 1000000),
  days integer NOT NULL DEFAULT 0 CHECK (days BETWEEN 0 AND 3660),
  factor_milli integer NOT NULL DEFAULT 1000 CHECK (factor_milli BETWEEN 0 AND 1000000),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_rate_bp integer NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (quote_id, version, position),
  UNIQUE (quote_id, version, line_key),
  FOREIGN KEY (quote_id, version) REFERENCES quote_version (quote_id, version) ON DELETE CASCADE
);
CREATE INDEX quote_line_product ON quote_line (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX quote_line_kit ON quote_line (kit_id) WHERE kit_id IS NOT NULL;

-- A version that is not a draft is frozen: only its status moves on (sent → accepted or declined).
CREATE FUNCTION quote_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'DRAFT' THEN
      RAISE EXCEPTION 'quote version % is % and cannot be deleted', OLD.version, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'DRAFT' THEN
    IF NOT (OLD.status = 'SENT' AND NEW.status IN ('ACCEPTED', 'DECLINED'))
       OR (to_jsonb(NEW) - 'status' - 'decided_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'decided_at') THEN
      RAISE EXCEPTION 'quote version % is % and cannot change', OLD.version, OLD.status USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER quote_version_frozen BEFORE UPDATE OR DELETE ON quote_version
  FOR EACH ROW EXECUTE FUNCTION quote_version_frozen();

-- Lines of a version that is not a draft never change.
CREATE FUNCTION quote_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
  v_quote uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.quote_id ELSE NEW.quote_id END;
  v_version integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.version ELSE NEW.version END;
BEGIN
  SELECT status INTO v_status FROM quote_version WHERE quote_id = v_quote AND version = v_version;
  IF v_status IS NOT NULL AND v_status <> 'DRAFT' THEN
    RAISE EXCEPTION 'quote version % is % and its lines cannot change', v_version, v_status USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.quote_id, OLD.version) IS DISTINCT FROM (NEW.quote_id, NEW.version) THEN
    RAISE EXCEPTION 'a quote line stays in its version' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER quote_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON quote_line
  FOR EACH ROW EXECUTE FUNCTION quote_line_frozen();

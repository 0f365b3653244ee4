-- Which transaction changed what availability and shortages are computed from.
-- The shortages service caches a period's shortages with the snapshot it read
-- them in; before answering from the cache it reads the changes of transactions
-- that snapshot did not see (pg_visible_in_snapshot) and recomputes when one of
-- them can touch the cached answer. Exact across server processes: a change is
-- visible to the check exactly when it is committed. See docs/rules/shortages.md.
CREATE TABLE planning_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- NULL: any product.
  product_id uuid,
  -- The earliest out-period start the change touches; NULL: any time.
  starts_at timestamptz,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX planning_change_xid ON planning_change (xid);
CREATE INDEX planning_change_at ON planning_change (at);

-- Pull-list lines of products (own stock and sub-hired) of events that hold or use up stock:
-- the product, from the earliest start of the events touched (one row per product and statement,
-- so copying or importing thousands of lines logs at most one row per product). Enquiries,
-- cancelled events and templates hold nothing.
CREATE FUNCTION planning_change_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO planning_change (product_id, starts_at)
    SELECT l.product_id, min(lower(e.out_period))
    FROM new_lines l JOIN event e ON e.id = l.event_id
    WHERE l.kind IN ('PRODUCT', 'ASSET') AND l.product_id IS NOT NULL
      AND NOT e.is_template AND e.status NOT IN ('ENQUIRY', 'CANCELLED')
    GROUP BY l.product_id;
  ELSE
    INSERT INTO planning_change (product_id, starts_at)
    SELECT l.product_id, min(lower(e.out_period))
    FROM old_lines l JOIN event e ON e.id = l.event_id
    WHERE l.kind IN ('PRODUCT', 'ASSET') AND l.product_id IS NOT NULL
      AND NOT e.is_template AND e.status NOT IN ('ENQUIRY', 'CANCELLED')
    GROUP BY l.product_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER pull_list_line_planning_change_insert AFTER INSERT ON pull_list_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION planning_change_lines();
CREATE TRIGGER pull_list_line_planning_change_delete AFTER DELETE ON pull_list_line
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION planning_change_lines();

-- An updated line, only when what demand is made of changed: a scan's check-out and check-in
-- counts, positions and notes change all day and reach no availability.
CREATE FUNCTION planning_change_line() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO planning_change (product_id, starts_at)
  SELECT l.product_id, lower(e.out_period)
  FROM (VALUES (OLD.event_id, OLD.product_id, OLD.kind), (NEW.event_id, NEW.product_id, NEW.kind)) AS l(event_id, product_id, kind)
  JOIN event e ON e.id = l.event_id
  WHERE l.kind IN ('PRODUCT', 'ASSET') AND l.product_id IS NOT NULL
    AND NOT e.is_template AND e.status NOT IN ('ENQUIRY', 'CANCELLED');
  RETURN NULL;
END $$;

CREATE TRIGGER pull_list_line_planning_change_update AFTER UPDATE ON pull_list_line FOR EACH ROW
  WHEN ((OLD.event_id, OLD.product_id, OLD.kind, OLD.source, OLD.quantity) IS DISTINCT FROM (NEW.event_id, NEW.product_id, NEW.kind, NEW.source, NEW.quantity))
  EXECUTE FUNCTION planning_change_line();

-- An event's status, dates, template flag or the name and number shortages show: every product, from
-- the earlier of its old and new start. A deleted event takes its lines with it.
CREATE FUNCTION planning_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO planning_change (product_id, starts_at)
    SELECT NULL, least(lower(o.out_period), lower(n.out_period))
    FROM old_events o JOIN new_events n ON n.id = o.id
    WHERE (o.status, o.out_period, o.is_template, o.name, o.number) IS DISTINCT FROM (n.status, n.out_period, n.is_template, n.name, n.number);
  ELSE
    INSERT INTO planning_change (product_id, starts_at) SELECT NULL, lower(o.out_period) FROM old_events o;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER event_planning_change_update AFTER UPDATE ON event
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION planning_change_events();
CREATE TRIGGER event_planning_change_delete AFTER DELETE ON event
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION planning_change_events();

-- What is owned, in repair, counted or buffered: every product, any time.
CREATE FUNCTION planning_change_supply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO planning_change (product_id, starts_at) VALUES (NULL, NULL);
  RETURN NULL;
END $$;

CREATE TRIGGER asset_planning_change AFTER INSERT OR DELETE ON asset
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
-- Scans move units in and out all day (status CHECKED_OUT, locations): only what changes the rentable count counts.
CREATE TRIGGER asset_planning_change_update AFTER UPDATE ON asset FOR EACH ROW
  WHEN ((OLD.status IN ('RETIRED', 'LOST')) IS DISTINCT FROM (NEW.status IN ('RETIRED', 'LOST'))
        OR OLD.product_id IS DISTINCT FROM NEW.product_id OR OLD.case_id IS DISTINCT FROM NEW.case_id)
  EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER equipment_case_planning_change AFTER DELETE ON equipment_case
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER equipment_case_planning_change_update AFTER UPDATE ON equipment_case FOR EACH ROW
  WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER case_bulk_content_planning_change AFTER INSERT OR UPDATE OR DELETE ON case_bulk_content
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER stock_level_planning_change AFTER INSERT OR UPDATE OR DELETE ON stock_level
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER stock_movement_planning_change AFTER INSERT OR UPDATE OR DELETE ON stock_movement
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER maintenance_record_planning_change AFTER INSERT OR UPDATE OR DELETE ON maintenance_record
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER product_planning_change AFTER DELETE ON product
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER product_planning_change_update AFTER UPDATE ON product FOR EACH ROW
  WHEN ((OLD.name, OLD.tracking, OLD.category_id) IS DISTINCT FROM (NEW.name, NEW.tracking, NEW.category_id))
  EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER category_planning_change AFTER UPDATE OF parent_id OR DELETE ON category
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER category_buffer_planning_change AFTER INSERT OR UPDATE OR DELETE ON category_buffer
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();
CREATE TRIGGER planning_settings_planning_change AFTER UPDATE ON planning_settings
  FOR EACH STATEMENT EXECUTE FUNCTION planning_change_supply();

-- What each event reserves, read per event from the index alone (no heap visits):
-- availability joins the events overlapping a period (GiST on event.out_period)
-- to their own-stock product and asset lines. Without it, a busy calendar makes
-- the planner probe the (product_id, event_id) index once per product per event.
CREATE INDEX pull_list_line_demand ON pull_list_line (event_id) INCLUDE (product_id, quantity)
  WHERE kind IN ('PRODUCT', 'ASSET') AND source = 'OWN_STOCK';

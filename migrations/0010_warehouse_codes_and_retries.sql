-- Warehouse: numbers for generated case codes ("C000123"), and what a stock
-- movement's request carried, so a retry with the same request id is recognised
-- and a different payload under a reused id is refused.

CREATE SEQUENCE equipment_case_code_seq;

ALTER TABLE stock_movement ADD COLUMN request_payload text;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_request_payload
  CHECK ((request_id IS NULL) = (request_payload IS NULL));

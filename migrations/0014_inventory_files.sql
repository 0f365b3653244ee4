-- Images and documents of products, assets and maintenance records. The bytes live in the file storage
-- (a folder under the data directory, or an S3 bucket) under storage_key; this row is what exists: a
-- blob without a row is an orphan (left by an interrupted upload or a failed delete) and is never served.

CREATE TABLE inventory_file (
  id uuid PRIMARY KEY,
  -- Exactly one owner; the file goes with it.
  product_id uuid REFERENCES product (id) ON DELETE CASCADE,
  asset_id uuid REFERENCES asset (id) ON DELETE CASCADE,
  maintenance_record_id uuid REFERENCES maintenance_record (id) ON DELETE CASCADE,
  storage_key text NOT NULL CHECK (storage_key ~ '^[a-z]+/[0-9a-f-]{36}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL CHECK (content_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Display order within the owner's files.
  position integer NOT NULL CHECK (position >= 0),
  -- The product's main image (list thumbnails, labels); only an image of a product can be it.
  is_primary boolean NOT NULL DEFAULT false,
  uploaded_by_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_file_one_owner CHECK (num_nonnulls(product_id, asset_id, maintenance_record_id) = 1),
  CONSTRAINT inventory_file_primary_is_product_image CHECK (NOT is_primary OR (product_id IS NOT NULL AND content_type LIKE 'image/%'))
);
CREATE UNIQUE INDEX inventory_file_storage_key ON inventory_file (storage_key);
-- At most one primary image per product.
CREATE UNIQUE INDEX inventory_file_one_primary ON inventory_file (product_id) WHERE is_primary;
CREATE INDEX inventory_file_product ON inventory_file (product_id, position) WHERE product_id IS NOT NULL;
CREATE INDEX inventory_file_asset ON inventory_file (asset_id, position) WHERE asset_id IS NOT NULL;
CREATE INDEX inventory_file_maintenance ON inventory_file (maintenance_record_id, position) WHERE maintenance_record_id IS NOT NULL;

-- The secret that signs short-lived upload and download links of files (HMAC-SHA256). One row, created
-- by the first server that needs it and shared by every server process on the database, so a link signed
-- by one process is honoured by the others.

CREATE TABLE file_link_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  secret bytea NOT NULL CHECK (length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

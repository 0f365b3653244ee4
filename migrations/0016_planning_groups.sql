-- Venues and projects are archived rather than deleted once events refer to
-- them; turnaround buffers per product group (category), inherited down the
-- category tree, falling back to the instance's buffers (planning_settings).

ALTER TABLE venue ADD COLUMN archived boolean NOT NULL DEFAULT false;
ALTER TABLE project ADD COLUMN archived boolean NOT NULL DEFAULT false;
-- "Events at this venue" on the venue's page.
CREATE INDEX event_venue ON event (venue_id) WHERE venue_id IS NOT NULL;

-- A category's own turnaround buffers; its subcategories inherit them unless they have their own.
CREATE TABLE category_buffer (
  category_id uuid PRIMARY KEY REFERENCES category (id) ON DELETE CASCADE,
  buffer_before_minutes integer NOT NULL CHECK (buffer_before_minutes BETWEEN 0 AND 20160),
  buffer_after_minutes integer NOT NULL CHECK (buffer_after_minutes BETWEEN 0 AND 20160)
);

-- A section's lines in order. Appending a line reads its section's last position
-- (max(position) WHERE section_id = …), and deleting a section cascades to its
-- lines: without this index both scanned every pull-list line in the database
-- (272 ms per added line at 200,000 lines in the seed-scale load benchmark).
CREATE INDEX pull_list_line_section ON pull_list_line (section_id, position);

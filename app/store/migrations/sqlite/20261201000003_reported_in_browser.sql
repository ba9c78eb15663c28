-- Values reported in the browser (the ones that can await review) are few among the imported:
-- the matrix marks them on every view, so they get an index of their own.
CREATE INDEX unit_values_reported_in_browser ON unit_values (id) WHERE recorded_by IS NOT NULL;

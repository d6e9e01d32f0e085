-- Issue 13: runs read from a watch file (FIT, GPX, TCX). Only the summary is kept, never the
-- track or the file. Typed runs leave the new columns NULL and have source 'typed'.
ALTER TABLE runs ADD COLUMN moving_seconds {int} CHECK (moving_seconds >= 0);
ALTER TABLE runs ADD COLUMN elapsed_seconds {int} CHECK (elapsed_seconds >= 0);
ALTER TABLE runs ADD COLUMN avg_hr {int} CHECK (avg_hr > 0);
ALTER TABLE runs ADD COLUMN max_hr {int} CHECK (max_hr > 0);
ALTER TABLE runs ADD COLUMN elevation_gain_m {int} CHECK (elevation_gain_m >= 0);
ALTER TABLE runs ADD COLUMN source {text} NOT NULL DEFAULT 'typed'
    CHECK (source IN ('typed', 'fit', 'gpx', 'tcx'));

-- The member's maximum heart rate (/profile max_hr): the heart-rate zones of file runs.
ALTER TABLE members ADD COLUMN max_hr {int} CHECK (max_hr BETWEEN 100 AND 230);

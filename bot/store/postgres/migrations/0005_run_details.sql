-- Issue 13: runs read from a watch file (FIT, GPX, TCX). Only the summary is kept, never the
-- track or the file. Typed runs leave the new columns NULL and have source 'typed'.
ALTER TABLE runs
    ADD COLUMN moving_seconds integer CHECK (moving_seconds >= 0),
    ADD COLUMN elapsed_seconds integer CHECK (elapsed_seconds >= 0),
    ADD COLUMN avg_hr integer CHECK (avg_hr > 0),
    ADD COLUMN max_hr integer CHECK (max_hr > 0),
    ADD COLUMN elevation_gain_m integer CHECK (elevation_gain_m >= 0),
    ADD COLUMN source text NOT NULL DEFAULT 'typed'
        CHECK (source IN ('typed', 'fit', 'gpx', 'tcx'));

-- The member's maximum heart rate (/profile max_hr): the heart-rate zones of file runs.
ALTER TABLE members ADD COLUMN max_hr integer CHECK (max_hr BETWEEN 100 AND 230);

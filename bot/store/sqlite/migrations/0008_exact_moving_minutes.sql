-- Issue 18: a run read from a watch file kept its moving time in whole minutes, so /history
-- showed a pace a few seconds off the one the log reply gave. Its minutes are now the moving
-- time to the second; rows stored before get theirs from the seconds they kept.
UPDATE runs SET minutes = moving_seconds / 60.0 WHERE moving_seconds > 0;

-- Issue 12, the crash-loop guard: how many executions of a run began without ending cleanly
-- (finished, parked, or handed back at a clean shutdown). At start, a run at 2 was in flight
-- during two unclean stops in a row: it is failed, not resumed a third time.
ALTER TABLE runs ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;

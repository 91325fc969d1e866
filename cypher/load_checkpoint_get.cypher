// Returns the stage and committed record count of an unfinished load run.
MATCH (c:LoadCheckpoint {run: $run})
RETURN c.stage AS stage, c.records AS records;

// Removes the checkpoint of a load run that finished.
MATCH (c:LoadCheckpoint {run: $run})
DELETE c;

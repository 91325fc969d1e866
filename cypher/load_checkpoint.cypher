// Records that a load run committed the first $records records of $stage
// ('products' or 'queries'). The batch's own transaction runs it, so the
// checkpoint never runs ahead of the data.
MERGE (c:LoadCheckpoint {run: $run})
SET c.dataset = $dataset, c.stage = $stage, c.records = $records, c.updated_at = datetime();

// Stamps the current load run on queries that the load found unchanged;
// see load_products_touch.
// $run: load run id; $ids: [string]
UNWIND $ids AS id
MATCH (q:Query {id: id})
WHERE coalesce(q.load_run, '') <> $run
SET q.load_run = $run;

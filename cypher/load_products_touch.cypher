// Stamps the current load run on products that the load found
// unchanged, so that a later record with the same id and other data is
// caught as a conflicting duplicate. Products that this run already
// stamped are left alone, so a rerun of the same input writes nothing.
// $run: load run id; $ids: [string]
UNWIND $ids AS id
MATCH (p:Product {id: id})
WHERE coalesce(p.load_run, '') <> $run
SET p.load_run = $run;

// Returns whether each product id in $ids exists, with its stored content
// hash and the load run that last wrote it (null when not recorded).
// $ids: [string]
UNWIND $ids AS id
OPTIONAL MATCH (p:Product {id: id})
RETURN id, p IS NOT NULL AS found, p.content_hash AS hash, p.load_run AS run;

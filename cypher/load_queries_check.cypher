// Returns, for each query row, whether the query exists with its stored
// content hash and last load run, whether its candidate and target
// products exist, and the candidate's first category.
// $rows: [{id, candidate, target}]; target may be null
UNWIND $rows AS row
OPTIONAL MATCH (c:Product {id: row.candidate})
OPTIONAL MATCH (t:Product {id: row.target})
OPTIONAL MATCH (q:Query {id: row.id})
RETURN row.id AS id, q IS NOT NULL AS found, q.content_hash AS hash, q.load_run AS run,
       c IS NOT NULL AS candidate_found, t IS NOT NULL AS target_found,
       c.categories[0] AS candidate_category;

// Attributes shoppers most often ask to add or remove: for each
// attribute that modification queries mention, how many queries ask for
// it (added) and how many ask to remove it (removed, from a negated
// mention such as "without lace").
//
// Parameters:
//   $source  string   dataset whose queries to count, such as fashioniq, or null for all (default null)
//   $limit   integer  maximum number of attributes to return (default 25)
//
// Columns: kind, value, added, removed, total
MATCH (q:Query)-[m:MENTIONS]->(a:Attribute)
WHERE $source IS NULL OR q.source = $source
WITH a, sum(CASE WHEN m.negated THEN 0 ELSE 1 END) AS added,
        sum(CASE WHEN m.negated THEN 1 ELSE 0 END) AS removed
RETURN a.kind AS kind, a.value AS value, added, removed, added + removed AS total
ORDER BY total DESC, kind, value
LIMIT $limit;

// Returns the attributes that each query of one source mentions, as its
// loader recorded them: negated is true for an attribute the text removes.
// $source: the dataset name
MATCH (q:Query {source: $source})-[r:MENTIONS]->(a:Attribute)
RETURN q.id AS query, a.kind AS kind, a.value AS value, coalesce(r.negated, false) AS negated
ORDER BY query, kind, value;

// Named search filter "min_attributes": products with at least $min
// attribute edges, for searches that should skip sparsely tagged items.
MATCH (p:Product)
WHERE COUNT { (p)-[:HAS_ATTRIBUTE]->() } >= $min
RETURN p.id AS id;

// Removes a user-provided attribute edge. Returns no row when the product
// does not exist, source null when it has no such edge, and 'dataset'
// (deleting nothing) when the edge came from the catalog.
MATCH (p:Product {id: $product})
OPTIONAL MATCH (p)-[r:HAS_ATTRIBUTE]->(:Attribute {kind: $kind, value: $value})
WITH p, r, r.source AS source
FOREACH (_ IN CASE WHEN source = 'user' THEN [1] ELSE [] END | DELETE r)
RETURN p.id AS id, source;

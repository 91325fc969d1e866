// Adds a user-provided attribute edge ("more metadata"). An edge that
// already exists keeps its provenance. Returns no row when the product
// does not exist.
MATCH (p:Product {id: $product})
MERGE (a:Attribute {kind: $kind, value: $value})
MERGE (p)-[r:HAS_ATTRIBUTE]->(a)
  ON CREATE SET r.source = 'user', r.user = $user, r.at = datetime()
RETURN p.id AS id, r.source AS source;

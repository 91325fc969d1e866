// Adds dataset attribute edges. An edge that a user added keeps its
// provenance.
// $rows: [{product, kind, value}]
UNWIND $rows AS row
MATCH (p:Product {id: row.product})
MERGE (a:Attribute {kind: row.kind, value: row.value})
MERGE (p)-[r:HAS_ATTRIBUTE]->(a)
  ON CREATE SET r.source = 'dataset';

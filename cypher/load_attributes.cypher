// Makes each product's dataset attribute edges equal to its row's list:
// removes dataset edges that the list no longer has and adds the missing
// ones. Edges that a user added (source 'user') stay.
// $rows: [{product, attributes: [[kind, value]]}]
UNWIND $rows AS row
MATCH (p:Product {id: row.product})
CALL (p, row) {
  MATCH (p)-[r:HAS_ATTRIBUTE]->(a:Attribute)
  WHERE coalesce(r.source, 'dataset') = 'dataset'
    AND NOT [a.kind, a.value] IN row.attributes
  DELETE r
}
CALL (p, row) {
  UNWIND row.attributes AS attr
  MERGE (a:Attribute {kind: attr[0], value: attr[1]})
  MERGE (p)-[r:HAS_ATTRIBUTE]->(a)
    ON CREATE SET r.source = 'dataset'
};

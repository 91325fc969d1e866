// Samples one hop around each product in $ids: at most $attributes of its
// attribute edges and at most $liked of its preference edges. The sample
// is the first edges in a pseudo-random order of the neighbour's internal
// id that $salt fixes, so the same salt draws the same sample. The rows
// come back ordered like table_attribute_edges and table_preferences.
// $ids: [product id], $attributes, $liked: integers >= 0, $salt: integer
UNWIND $ids AS pid
MATCH (p:Product {id: pid})
CALL (p) {
  MATCH (p)-[:HAS_ATTRIBUTE]->(a:Attribute)
  WITH a ORDER BY (id(a) * 2654435761 + $salt) % 4294967296 LIMIT $attributes
  RETURN 'HAS_ATTRIBUTE' AS rel, null AS other, a.kind AS kind, a.value AS value
  UNION ALL
  MATCH (p)-[:LIKED_WITH]-(o:Product)
  WITH DISTINCT o ORDER BY (id(o) * 2654435761 + $salt) % 4294967296 LIMIT $liked
  RETURN 'LIKED_WITH' AS rel, o.id AS other, null AS kind, null AS value
}
RETURN p.id AS product, rel, other, kind, value
ORDER BY product, rel, kind, value, other;

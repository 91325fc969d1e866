// Streams every product with its attributes as {kind, value} maps sorted
// by kind and value, ordered by product id.
MATCH (p:Product)
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_ATTRIBUTE]->(a:Attribute)
  WITH a ORDER BY a.kind, a.value
  RETURN collect(CASE WHEN a IS NOT NULL THEN {kind: a.kind, value: a.value} END) AS attributes
}
RETURN p.id AS id, p.source AS source, p.title AS title, p.image_url AS image_url,
       p.categories AS categories, p.splits AS splits, attributes
ORDER BY id;

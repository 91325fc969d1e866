// Streams preference groups with their products sorted by id, ordered by
// group id.
MATCH (g:PreferenceGroup)
CALL (g) {
  OPTIONAL MATCH (g)-[:INCLUDES]->(p:Product)
  WITH p.id AS id ORDER BY id
  RETURN collect(id) AS products
}
RETURN g.id AS id, g.context AS context, g.created_at AS created_at, products
ORDER BY id;

// Stores a preference group ("I like that"): the group node, an INCLUDES
// edge to each product, and a LIKED_WITH edge between each pair.
// Returns no row when any product is missing.
MATCH (p:Product) WHERE p.id IN $products
WITH collect(p) AS liked
WHERE size(liked) = size($products)
CREATE (g:PreferenceGroup {id: $id, context: $context, user: $user, created_at: datetime()})
FOREACH (p IN liked | CREATE (g)-[:INCLUDES]->(p))
WITH g, liked
CALL (g, liked) {
  UNWIND liked AS a
  UNWIND liked AS b
  WITH a, b WHERE a.id < b.id
  CREATE (a)-[:LIKED_WITH {group: g.id}]->(b)
}
RETURN g.id AS id, toString(g.created_at) AS created_at;

// Returns preference groups with their products; all groups when $id is null.
MATCH (g:PreferenceGroup)
WHERE $id IS NULL OR g.id = $id
OPTIONAL MATCH (g)-[:INCLUDES]->(p:Product)
WITH g, p ORDER BY p.id
RETURN g.id AS id, g.context AS context, toString(g.created_at) AS created_at, collect(p.id) AS products
ORDER BY id;

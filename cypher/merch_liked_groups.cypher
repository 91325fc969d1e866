// Liked groups and their common attributes: each preference group with
// its products, the attributes that every product of the group has, and
// the number of LIKED_WITH edges recorded for the group.
//
// Parameters:
//   $group  string   id of one group, or null for every group (default null)
//   $limit  integer  maximum number of groups to return (default 25)
//
// Columns: group, context, products, product_ids, common_attributes, liked_pairs
MATCH (g:PreferenceGroup)-[:INCLUDES]->(p:Product)
WHERE $group IS NULL OR g.id = $group
WITH g, p
ORDER BY p.id
WITH g, collect(p) AS members
CALL (g, members) {
  UNWIND members AS p
  MATCH (p)-[:HAS_ATTRIBUTE]->(a:Attribute)
  WITH a, count(DISTINCT p) AS holders
  WHERE holders = size(members)
  WITH a
  ORDER BY a.kind, a.value
  RETURN collect(a.kind + '=' + a.value) AS common
}
CALL (g, members) {
  UNWIND members AS p
  OPTIONAL MATCH (p)-[r:LIKED_WITH]->(:Product)
  WHERE r.group = g.id
  RETURN count(r) AS liked_pairs
}
RETURN g.id AS group, g.context AS context, size(members) AS products,
       [p IN members | p.id] AS product_ids, common AS common_attributes, liked_pairs
ORDER BY products DESC, group
LIMIT $limit;

// Products sharing the most attributes with a given one: the number of
// shared attributes and the list of them as kind=value.
//
// Parameters:
//   $id     string   id of the product to compare with (required)
//   $limit  integer  maximum number of products to return (default 10)
//
// Columns: id, title, shared_count, shared
MATCH (p:Product {id: $id})-[:HAS_ATTRIBUTE]->(a:Attribute)<-[:HAS_ATTRIBUTE]-(o:Product)
WHERE o <> p
WITH o, a
ORDER BY a.kind, a.value
WITH o, collect(a.kind + '=' + a.value) AS shared
RETURN o.id AS id, o.title AS title, size(shared) AS shared_count, shared
ORDER BY shared_count DESC, id
LIMIT $limit;

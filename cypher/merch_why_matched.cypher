// Why a product matched a modification query: the graph paths from the
// query to the product. A product is the target, or the candidate, or
// shares attributes with the candidate, or has attributes the query asks
// for; attributes the query asks to remove count for the product when it
// lacks them and against it when it has them.
//
// Parameters:
//   $query    string  id of the Query node (required)
//   $product  string  id of the product (required)
//
// Columns: reason, kind, value, path
MATCH (q:Query {id: $query}), (p:Product {id: $product})
CALL (q, p) {
  MATCH path = (q)-[:TARGET]->(p)
  RETURN 'is the target of the query' AS reason, null AS kind, null AS value, path
  UNION
  MATCH path = (q)-[:CANDIDATE]->(p)
  RETURN 'is the candidate of the query' AS reason, null AS kind, null AS value, path
  UNION
  MATCH path = (q)-[:CANDIDATE]->(:Product)-[:HAS_ATTRIBUTE]->(a:Attribute)<-[:HAS_ATTRIBUTE]-(p)
  WHERE NOT EXISTS { (q)-[:MENTIONS {negated: true}]->(a) }
  RETURN 'shares an attribute with the candidate' AS reason, a.kind AS kind, a.value AS value, path
  UNION
  MATCH path = (q)-[:MENTIONS {negated: false}]->(a:Attribute)<-[:HAS_ATTRIBUTE]-(p)
  RETURN 'has an attribute the query asks for' AS reason, a.kind AS kind, a.value AS value, path
  UNION
  MATCH path = (q)-[:MENTIONS {negated: true}]->(a:Attribute)
  WHERE NOT EXISTS { (p)-[:HAS_ATTRIBUTE]->(a) }
  RETURN 'lacks an attribute the query asks to remove' AS reason, a.kind AS kind, a.value AS value, path
  UNION
  MATCH path = (q)-[:MENTIONS {negated: true}]->(a:Attribute)<-[:HAS_ATTRIBUTE]-(p)
  RETURN 'has an attribute the query asks to remove (counts against it)' AS reason, a.kind AS kind, a.value AS value, path
}
RETURN reason, kind, value, path
ORDER BY reason, kind, value;

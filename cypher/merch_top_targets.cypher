// Products most often chosen as targets: how many modification queries
// name each product as the one the shopper wanted, and from how many
// distinct candidate products they started.
//
// Parameters:
//   $category  string   category of the target products, or null for every category (default null)
//   $limit     integer  maximum number of products to return (default 25)
//
// Columns: id, title, times_target, candidates
MATCH (q:Query)-[:TARGET]->(p:Product)
WHERE $category IS NULL OR $category IN p.categories
OPTIONAL MATCH (q)-[:CANDIDATE]->(c:Product)
RETURN p.id AS id, p.title AS title, count(DISTINCT q) AS times_target, count(DISTINCT c) AS candidates
ORDER BY times_target DESC, id
LIMIT $limit;

// Products missing a kind of attribute: products that have no attribute
// of the given kind, such as dresses without a colour, ordered by id.
//
// Parameters:
//   $kind      string   attribute kind that the products lack, such as color (required)
//   $category  string   category to search, or null for every category (default null)
//   $limit     integer  maximum number of products to return (default 100)
//
// Columns: id, title, categories
MATCH (p:Product)
WHERE ($category IS NULL OR $category IN p.categories)
  AND NOT EXISTS { (p)-[:HAS_ATTRIBUTE]->(:Attribute {kind: $kind}) }
RETURN p.id AS id, p.title AS title, p.categories AS categories
ORDER BY id
LIMIT $limit;

// Approximate nearest products from the vector index, filtered after the
// index lookup: the index returns $candidates nodes and the filter keeps
// those in $category.
CALL db.index.vector.queryNodes('product_embedding', $candidates, $vector)
YIELD node, score
WHERE $category IS NULL OR $category IN node.categories
RETURN node.id AS id, score
LIMIT $k;

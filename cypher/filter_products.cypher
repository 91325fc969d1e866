// Returns the ids of products that pass a search filter.
// $category: a category name or null; $require and $exclude: lists of {kind, value}.
MATCH (p:Product)
WHERE ($category IS NULL OR $category IN p.categories)
  AND all(r IN $require WHERE EXISTS { (p)-[:HAS_ATTRIBUTE]->(:Attribute {kind: r.kind, value: r.value}) })
  AND none(x IN $exclude WHERE EXISTS { (p)-[:HAS_ATTRIBUTE]->(:Attribute {kind: x.kind, value: x.value}) })
RETURN p.id AS id;

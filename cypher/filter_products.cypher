// Returns the ids of products that pass a search filter.
// $category: a category name or null; $require and $exclude: lists of
// {kind, value}; $properties: list of {name, op, value} with op one of
// eq, ne, lt, lte, gt, gte. A product without the named property fails
// that condition.
MATCH (p:Product)
WHERE ($category IS NULL OR $category IN p.categories)
  AND all(r IN $require WHERE EXISTS { (p)-[:HAS_ATTRIBUTE]->(:Attribute {kind: r.kind, value: r.value}) })
  AND none(x IN $exclude WHERE EXISTS { (p)-[:HAS_ATTRIBUTE]->(:Attribute {kind: x.kind, value: x.value}) })
  AND all(c IN $properties WHERE
    CASE c.op
      WHEN 'eq' THEN p[c.name] = c.value
      WHEN 'ne' THEN p[c.name] <> c.value
      WHEN 'lt' THEN p[c.name] < c.value
      WHEN 'lte' THEN p[c.name] <= c.value
      WHEN 'gt' THEN p[c.name] > c.value
      WHEN 'gte' THEN p[c.name] >= c.value
      ELSE false
    END)
RETURN p.id AS id;

// Upserts products and their gallery memberships.
// $rows: [{id, source, title, image_url, categories, splits, memberships: [{key, dataset, category, split}]}]
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
SET p.source = row.source,
    p.title = row.title,
    p.image_url = row.image_url,
    p.categories = row.categories,
    p.splits = row.splits
WITH p, row
UNWIND row.memberships AS m
MERGE (g:Gallery {key: m.key})
  ON CREATE SET g.dataset = m.dataset, g.category = m.category, g.split = m.split
MERGE (p)-[:IN_GALLERY]->(g);

// Creates products that the check found missing, with their gallery
// memberships and dataset attribute edges. It is faster than
// load_products and load_attributes because it merges no relationships,
// but a concurrent load that creates the same product makes it fail on
// the product_id constraint. load_galleries creates the galleries first.
// $run: load run id
// $rows: [{id, source, title, image_url, caption, detection_score, image_embedding,
//          categories, splits, hash, galleries: [{key, dataset, category, split}],
//          attributes: [[kind, value]]}]
UNWIND $rows AS row
CREATE (p:Product {id: row.id})
SET p.source = row.source,
    p.title = row.title,
    p.image_url = row.image_url,
    p.caption = row.caption,
    p.detection_score = row.detection_score,
    p.image_embedding = row.image_embedding,
    p.categories = row.categories,
    p.splits = row.splits,
    p.content_hash = row.hash,
    p.load_run = $run
WITH p, row
CALL (p, row) {
  UNWIND row.galleries AS m
  MATCH (g:Gallery {key: m.key})
  CREATE (p)-[:IN_GALLERY]->(g)
}
CALL (p, row) {
  UNWIND row.attributes AS attr
  MERGE (a:Attribute {kind: attr[0], value: attr[1]})
  CREATE (p)-[:HAS_ATTRIBUTE {source: 'dataset'}]->(a)
};

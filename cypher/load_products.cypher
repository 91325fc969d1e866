// Upserts products with their content hash and the load run, puts each
// in the galleries its row lists, and takes it out of the other galleries
// of $dataset. A null property in a row removes the property.
// $dataset: dataset name; $run: load run id
// $rows: [{id, source, title, image_url, caption, detection_score, image_embedding,
//          categories, splits, hash, galleries: [{key, dataset, category, split}]}];
// other keys of a row are ignored
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
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
  MATCH (p)-[r:IN_GALLERY]->(g:Gallery {dataset: $dataset})
  WHERE NOT g.key IN [m IN row.galleries | m.key]
  DELETE r
}
CALL (p, row) {
  UNWIND row.galleries AS m
  MERGE (g:Gallery {key: m.key})
    ON CREATE SET g.dataset = m.dataset, g.category = m.category, g.split = m.split
  MERGE (p)-[:IN_GALLERY]->(g)
};

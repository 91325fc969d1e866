// Creates the galleries that a batch of new products joins, so that
// load_products_new finds them without a locking MERGE per product.
// $galleries: [{key, dataset, category, split}]
UNWIND $galleries AS m
MERGE (g:Gallery {key: m.key})
  ON CREATE SET g.dataset = m.dataset, g.category = m.category, g.split = m.split;

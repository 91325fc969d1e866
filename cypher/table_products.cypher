// Streams every product, ordered by id.
MATCH (p:Product)
RETURN p.id AS id, p.source AS source, p.categories AS categories, p.splits AS splits, p.image_url AS image_url
ORDER BY id;

// Streams the precomputed image embedding of every product that has one,
// ordered by product id.
MATCH (p:Product)
WHERE p.image_embedding IS NOT NULL
RETURN p.id AS product, p.image_embedding AS vector
ORDER BY product;

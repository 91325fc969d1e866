// Streams gallery memberships: which products form each dataset split.
MATCH (p:Product)-[:IN_GALLERY]->(g:Gallery)
RETURN p.id AS product, g.dataset AS dataset, g.category AS category, g.split AS split
ORDER BY dataset, category, split, product;

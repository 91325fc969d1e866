// Streams preference edges: pairs of products a shopper liked together.
MATCH (p:Product)-[r:LIKED_WITH]->(o:Product)
RETURN p.id AS product, o.id AS other, r.group AS group_id
ORDER BY product, other;

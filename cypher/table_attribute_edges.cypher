// Streams every product-attribute edge with its provenance, ordered.
MATCH (p:Product)-[r:HAS_ATTRIBUTE]->(a:Attribute)
RETURN p.id AS product, a.kind AS kind, a.value AS value, coalesce(r.source, 'dataset') AS source
ORDER BY product, kind, value;

// Streams the edges between catalog nodes: product-attribute edges with
// their provenance ('dataset' or 'user'), then product-product edges of
// preference groups (provenance 'preference'). Rows come in no set order.
CALL () {
  MATCH (p:Product)-[r:HAS_ATTRIBUTE]->(a:Attribute)
  RETURN p.id AS source, a.value AS target, a.kind AS target_kind, 'HAS_ATTRIBUTE' AS type,
         coalesce(r.source, 'dataset') AS provenance
  UNION ALL
  MATCH (p:Product)-[:LIKED_WITH]->(o:Product)
  RETURN p.id AS source, o.id AS target, null AS target_kind, 'LIKED_WITH' AS type,
         'preference' AS provenance
}
RETURN source, target, target_kind, type, provenance;

// Streams the product, attribute and word vectors that model $version
// wrote. Nodes whose vector another version wrote, and nodes added after
// training, are left out. Rows come in no set order.
CALL () {
  MATCH (p:Product) WHERE p.model_version = $version
  RETURN 'product' AS node, p.id AS id, null AS kind, p.embedding AS vector
  UNION ALL
  MATCH (a:Attribute) WHERE a.model_version = $version
  RETURN 'attribute' AS node, a.value AS id, a.kind AS kind, a.embedding AS vector
  UNION ALL
  MATCH (w:Word) WHERE w.model_version = $version
  RETURN 'word' AS node, w.text AS id, null AS kind, w.embedding AS vector
}
RETURN node, id, kind, $version AS model_version, vector;

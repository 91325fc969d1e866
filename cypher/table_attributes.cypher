// Streams every attribute with the number of products that have it,
// ordered by kind and value.
MATCH (a:Attribute)
RETURN a.kind AS kind, a.value AS value, COUNT { (a)<-[:HAS_ATTRIBUTE]-(:Product) } AS products
ORDER BY kind, value;

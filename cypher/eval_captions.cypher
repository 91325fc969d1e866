// Returns the caption (title) of every product of one source, for
// evaluations that count a hit by caption equality.
// $source: the dataset name
MATCH (p:Product {source: $source})
RETURN p.id AS id, p.title AS caption
ORDER BY id;

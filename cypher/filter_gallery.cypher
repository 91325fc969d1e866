// Named search filter "gallery": the products of one evaluation gallery,
// $key = "dataset/category/split", such as "fashioniq/dress/val".
MATCH (p:Product)-[:IN_GALLERY]->(:Gallery {key: $key})
RETURN p.id AS id;

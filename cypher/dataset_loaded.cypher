// Returns the dataset marker when the dataset finished loading.
MATCH (d:Dataset {name: $name})
RETURN d.categories AS categories, d.products AS products, d.queries AS queries;

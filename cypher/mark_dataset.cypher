// Records that a dataset finished loading.
MERGE (d:Dataset {name: $name})
SET d.loaded_at = datetime(), d.categories = $categories, d.products = $products, d.queries = $queries;

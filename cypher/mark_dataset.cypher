// Records that a dataset finished loading, with the load's settings.
// $settings: a map of scalar properties, such as the attribute mode
MERGE (d:Dataset {name: $name})
SET d += $settings,
    d.loaded_at = datetime(),
    d.categories = $categories,
    d.products = $products,
    d.queries = $queries;

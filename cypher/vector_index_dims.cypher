// Returns the dimension of the product vector index, if it exists.
SHOW VECTOR INDEXES YIELD name, options
WHERE name = 'product_embedding'
RETURN options.indexConfig['vector.dimensions'] AS dim;

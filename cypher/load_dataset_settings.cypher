// Returns the settings of an earlier load of a dataset that later loads
// must keep, such as the image embedding length.
MATCH (d:Dataset {name: $name})
RETURN d.image_embedding_dim AS image_embedding_dim;

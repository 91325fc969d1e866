// Returns the settings that a dataset's loader recorded on its Dataset
// marker; no row when the dataset never finished loading.
// $name: the dataset name
MATCH (d:Dataset {name: $name})
RETURN d.hide_attributes AS hide_attributes, d.hide_seed AS hide_seed, d.attribute_mode AS attribute_mode;

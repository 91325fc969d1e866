// Creates the next model version with its parameters and vocabulary.
// The version is one more than the highest stored version.
OPTIONAL MATCH (old:Model)
WITH coalesce(max(old.version), 0) + 1 AS version
CREATE (m:Model {version: version})
SET m.dim = $dim,
    m.created_at = datetime(),
    m.kinds = $kinds,
    m.attribute_kinds = $attribute_kinds,
    m.attribute_values = $attribute_values,
    m.words = $words,
    m.params = $params,
    m.config = $config,
    m.train_seconds = $train_seconds
RETURN m.version AS version;

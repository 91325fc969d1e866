// Returns one model version, or the newest when $version is null.
MATCH (m:Model)
WHERE $version IS NULL OR m.version = $version
RETURN m.version AS version, m.dim AS dim, toString(m.created_at) AS created_at, m.kinds AS kinds,
       m.attribute_kinds AS attribute_kinds, m.attribute_values AS attribute_values, m.words AS words,
       m.params AS params, m.config AS config, coalesce(m.metrics, '') AS metrics, m.train_seconds AS train_seconds
ORDER BY m.version DESC
LIMIT 1;

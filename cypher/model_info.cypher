// Returns the version and vector dimension of one model, or of the newest
// when $version is null, without its parameters.
MATCH (m:Model)
WHERE $version IS NULL OR m.version = $version
RETURN m.version AS version, m.dim AS dim, toString(m.created_at) AS created_at
ORDER BY m.version DESC
LIMIT 1;

// Stores evaluation metrics (a JSON string) on a model version.
MATCH (m:Model {version: $version})
SET m.metrics = $metrics, m.evaluated_at = datetime()
RETURN m.version AS version;

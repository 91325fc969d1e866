// Writes attribute vectors. $rows: [{kind, value, vector}]
UNWIND $rows AS row
MATCH (a:Attribute {kind: row.kind, value: row.value})
SET a.embedding = row.vector, a.model_version = $version;

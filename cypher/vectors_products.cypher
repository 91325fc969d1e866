// Writes product vectors. $rows: [{key, vector}]
UNWIND $rows AS row
MATCH (p:Product {id: row.key})
SET p.embedding = row.vector, p.model_version = $version;

// Writes word vectors, creating words that only attribute values use.
// $rows: [{key, vector}]
UNWIND $rows AS row
MERGE (w:Word {text: row.key})
SET w.embedding = row.vector, w.model_version = $version;

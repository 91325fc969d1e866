// Upserts modification queries with their candidate, target, words and
// the attributes their text mentions, and removes the edges of an
// updated query that its row no longer lists.
// $run: load run id
// $rows: [{id, source, category, split, candidate, target, captions, text, hash,
//          words, mentions: [{kind, value, negated}]}]; target may be null
UNWIND $rows AS row
MATCH (c:Product {id: row.candidate})
MERGE (q:Query {id: row.id})
SET q.source = row.source,
    q.category = row.category,
    q.split = row.split,
    q.captions = row.captions,
    q.text = row.text,
    q.content_hash = row.hash,
    q.load_run = $run
WITH q, c, row
CALL (q, c) {
  MATCH (q)-[r:CANDIDATE]->(old:Product)
  WHERE old <> c
  DELETE r
}
CALL (q, c) {
  MERGE (q)-[:CANDIDATE]->(c)
}
CALL (q, row) {
  MATCH (q)-[r:TARGET]->(old:Product)
  WHERE row.target IS NULL OR old.id <> row.target
  DELETE r
}
CALL (q, row) {
  MATCH (t:Product {id: row.target})
  MERGE (q)-[:TARGET]->(t)
}
CALL (q, row) {
  MATCH (q)-[r:HAS_WORD]->(w:Word)
  WHERE NOT w.text IN row.words
  DELETE r
}
CALL (q, row) {
  UNWIND row.words AS word
  MERGE (w:Word {text: word})
  MERGE (q)-[:HAS_WORD]->(w)
}
CALL (q, row) {
  MATCH (q)-[r:MENTIONS]->(a:Attribute)
  WHERE NOT {kind: a.kind, value: a.value, negated: r.negated} IN row.mentions
  DELETE r
}
CALL (q, row) {
  UNWIND row.mentions AS m
  MATCH (a:Attribute {kind: m.kind, value: m.value})
  MERGE (q)-[:MENTIONS {negated: m.negated}]->(a)
};

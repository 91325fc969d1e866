// Upserts modification queries with their candidate, target, words and
// the attributes their text mentions.
// $rows: [{id, source, category, split, candidate, target, captions, text, words, mentions: [{kind, value, negated}]}]
UNWIND $rows AS row
MATCH (c:Product {id: row.candidate})
MERGE (q:Query {id: row.id})
SET q.source = row.source,
    q.category = row.category,
    q.split = row.split,
    q.captions = row.captions,
    q.text = row.text
MERGE (q)-[:CANDIDATE]->(c)
WITH q, row
CALL (q, row) {
  MATCH (t:Product {id: row.target})
  MERGE (q)-[:TARGET]->(t)
}
CALL (q, row) {
  UNWIND row.words AS word
  MERGE (w:Word {text: word})
  MERGE (q)-[:HAS_WORD]->(w)
}
CALL (q, row) {
  UNWIND row.mentions AS m
  MATCH (a:Attribute {kind: m.kind, value: m.value})
  MERGE (q)-[r:MENTIONS]->(a)
  SET r.negated = m.negated
};

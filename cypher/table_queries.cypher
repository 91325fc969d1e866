// Streams modification queries with their distinct words, ordered by id.
MATCH (q:Query)-[:CANDIDATE]->(c:Product)
OPTIONAL MATCH (q)-[:TARGET]->(t:Product)
CALL (q) {
  OPTIONAL MATCH (q)-[:HAS_WORD]->(w:Word)
  WITH w.text AS word ORDER BY word
  RETURN collect(word) AS words
}
RETURN q.id AS id, q.source AS source, q.category AS category, q.split AS split,
       c.id AS candidate, t.id AS target, q.text AS text, words
ORDER BY id;

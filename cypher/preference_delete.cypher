// Deletes a preference group and its LIKED_WITH edges. Returns no row
// when the group does not exist.
MATCH (g:PreferenceGroup {id: $id})
CALL (g) {
  MATCH (g)-[:INCLUDES]->(:Product)-[l:LIKED_WITH {group: g.id}]->()
  DELETE l
}
WITH g, g.id AS id
DETACH DELETE g
RETURN id;

// Named search filter "liked": products that belong to at least one
// preference group. Takes no parameters.
MATCH (:PreferenceGroup)-[:INCLUDES]->(p:Product)
RETURN DISTINCT p.id AS id;

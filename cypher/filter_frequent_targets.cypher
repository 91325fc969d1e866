// Named search filter "frequent_targets": products that shoppers' queries
// chose as the target at least $min times.
MATCH (p:Product)<-[:TARGET]-(:Query)
WITH p, count(*) AS n
WHERE n >= $min
RETURN p.id AS id;

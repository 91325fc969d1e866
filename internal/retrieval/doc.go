// Package retrieval serves "like this product, but ..." queries: it
// composes the candidate's vector with the modification text, restricts
// the products through a parameterised Cypher filter, ranks the rest
// exactly by cosine similarity in memory, and explains each result by its
// attributes.
package retrieval

// Package cypher holds every Cypher statement that Tailor runs, as .cypher
// files embedded in the binary. Statements take parameters ($name) and are
// never assembled from user input.
//
// A file may hold several statements separated by semicolons at the end of
// a line; lines that start with "//" are comments. The first comment block
// of a merchandiser query documents what it returns and its parameters.
package cypher

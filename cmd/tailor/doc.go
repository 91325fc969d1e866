// Command tailor runs Tailor: it manages a local Neo4j server, loads
// catalogs into it, trains product embeddings, evaluates them and serves
// the retrieval API. Run "tailor help" for the list of subcommands.
package main

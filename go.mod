module github.com/tailorsearch/tailor

go 1.26.0

require github.com/neo4j/neo4j-go-driver/v5 v5.28.4

require gonum.org/v1/gonum v0.17.0 // indirect

package dev.tailor.neo4j;
class Placeholder {}

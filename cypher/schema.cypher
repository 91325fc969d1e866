// Tailor's schema. Every statement is idempotent, so applying the file
// again changes nothing.
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (p:Product) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT attribute_kind_value IF NOT EXISTS FOR (a:Attribute) REQUIRE (a.kind, a.value) IS UNIQUE;
CREATE CONSTRAINT query_id IF NOT EXISTS FOR (q:Query) REQUIRE q.id IS UNIQUE;
CREATE CONSTRAINT word_text IF NOT EXISTS FOR (w:Word) REQUIRE w.text IS UNIQUE;
CREATE CONSTRAINT gallery_key IF NOT EXISTS FOR (g:Gallery) REQUIRE g.key IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (d:Dataset) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT model_version IF NOT EXISTS FOR (m:Model) REQUIRE m.version IS UNIQUE;
CREATE CONSTRAINT preference_group_id IF NOT EXISTS FOR (g:PreferenceGroup) REQUIRE g.id IS UNIQUE;
CREATE INDEX attribute_kind IF NOT EXISTS FOR (a:Attribute) ON (a.kind);
CREATE INDEX product_source IF NOT EXISTS FOR (p:Product) ON (p.source);
CREATE INDEX query_split IF NOT EXISTS FOR (q:Query) ON (q.source, q.split);

DROP INDEX product_embedding IF EXISTS;

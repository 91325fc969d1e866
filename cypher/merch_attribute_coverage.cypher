// Attribute coverage per category: for each category and attribute kind,
// how many of the category's products have at least one attribute of
// that kind, and their share. Kinds that no product of a category has
// are not listed.
//
// Parameters:
//   $category  string   category to report, or null for every category (default null)
//
// Columns: category, kind, products, category_products, coverage (0 to 1)
MATCH (p:Product)
UNWIND p.categories AS category
WITH category, count(p) AS category_products
WHERE $category IS NULL OR category = $category
CALL (category) {
  MATCH (p:Product)-[:HAS_ATTRIBUTE]->(a:Attribute)
  WHERE category IN p.categories
  RETURN a.kind AS kind, count(DISTINCT p) AS products
}
RETURN category, kind, products, category_products,
       round(toFloat(products) / category_products, 3) AS coverage
ORDER BY category, coverage DESC, kind;

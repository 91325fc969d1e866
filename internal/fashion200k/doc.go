// Package fashion200k reads Fashion200K (Han et al., ICCV 2017) into
// catalog products and generates its modification queries.
//
// Two inputs are accepted, told apart by content: the official label
// files, named {category}_{split}_detect_all.txt, whose lines are
//
//	image_path<TAB>detection_score<TAB>caption
//
// and a JSON Lines subset whose lines are objects with the keys image,
// category, caption, split and image_url. A product's id is its image
// path in both, so the two describe the same products alike.
//
// Attributes come from the caption in one of two modes: every word is an
// attribute of kind "word", or the first word is an attribute of kind
// "first_word" and the rest of the caption one of kind "rest_of_caption".
//
// Queries follow the rule of TIRG (Vo et al., CVPR 2019): every ordered
// pair of products of a split whose captions have the same number of
// words and differ in exactly one position, with the text
// "replace X with Y". With every caption word as a gallery attribute,
// caption overlap alone finds each target, so an option hides a fraction
// of the test products' attributes at random, as an attribute predictor
// would miss them; the full caption stays on the product.
package fashion200k

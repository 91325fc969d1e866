// Package fashioniq reads the FashionIQ dataset (Wu et al., CVPR 2021)
// into catalog products and modification queries.
//
// The dataset folder contains, under fashioniq/:
//
//	captions/cap.{category}.{split}.json          triplets: candidate, target, two captions
//	image_splits/split.{category}.{split}.json    the ASINs of each category's split
//	attributes/asin2attr.{category}.{split}.json  ASIN to six lists of attribute phrases
//	image_urls/asin2url.{category}.txt            ASIN<TAB>URL lines
//
// Categories are dress, shirt and toptee, and splits are train, val and
// test. The test captions carry no target. Products are known by their
// Amazon ASIN, and some ASINs appear under two categories, sometimes in
// different splits.
//
// The JSON readers stream their input with json.Decoder tokens, so that
// every error names the file, the line, the field and the value.
package fashioniq

// Package embed learns product, attribute and word embeddings from the
// Tailor graph and composes a candidate product with a modification text.
//
// # Model
//
// The encoder is a one-layer relational graph network in the manner of
// R-GCN (Schlichtkrull et al., "Modeling Relational Data with Graph
// Convolutional Networks", ESWC 2018). A product has no free embedding of
// its own: its vector is computed from its neighbourhood,
//
//	h_p = b + Σ_k W_k · mean{ e_a : a ∈ N_k(p) }
//
// with one weight matrix W_k per relation type k (one per attribute kind).
// An attribute's vector e_a = v_a + mean{ u_w : w a token of a's value }
// shares the word vectors u_w with the text encoder, so that a caption
// word and the attribute it names start in the same place. Because h_p is
// a function of the neighbourhood, a product or an edge added after
// training gets a vector without retraining.
//
// The modification text is a bag of words, q = mean{ u_w }. Composition
// follows the gated-residual form of TIRG (Vo et al., CVPR 2019):
//
//	compose(h_c, q) = h_c ⊙ σ(G q + g) + R q
//
// # Losses
//
// The compositional loss is the batch softmax of ComposeAE (Anwaar et al.,
// "Compositional Learning of Image-Text Query for Image Retrieval", WACV
// 2021): cosine similarities between each composed query and every target
// in the batch, scaled by 1/τ, under cross-entropy with the true target.
// It departs from ComposeAE in three ways: composition is the real-valued
// gate above rather than a rotation in complex space, there is no
// rotational-symmetry or reconstruction loss, and the inputs are graph
// encodings rather than image and BERT features.
//
// The link-prediction loss holds out one attribute edge of a product,
// encodes the product from its remaining neighbours, and scores the held
// out attribute against sampled attributes of the same kind with a
// DistMult score <h_p, d_k ⊙ e_a> (Yang et al., ICLR 2015) under the
// logistic loss with negative sampling.
//
// All gradients are written by hand and checked against finite
// differences in the tests.
package embed

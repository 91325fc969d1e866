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
//	h_p = b + Σ_k W_k · mean{ e_a : a ∈ N_k(p) } + Img · x_p
//
// with one weight matrix W_k per relation type k (one per attribute kind)
// and, when the catalog has them, precomputed image features x_p. An
// attribute's vector e_a = v_a + mean{ u_w : w a token of a's value }
// shares the word vectors u_w with the text encoder, so that a caption
// word and the attribute it names start in the same place. Because h_p is
// a function of the neighbourhood, a product or an edge added after
// training gets a vector without retraining. At encoding time, preference
// edges (LIKED_WITH) move a product towards the attribute-only vectors of
// the products liked with it, by a fixed weight. That weight is not
// learned, because the training data has no preference edges.
//
// The encoder departs from R-GCN in three ways: there is no self-loop
// weight (a product has no input vector of its own), the normalisation is
// a mean per relation rather than 1/|N_k(p)| over the sum of relations,
// and there is no basis decomposition, since the graph has six relation
// types. Because W_k is linear, the encoder transforms each distinct
// attribute of a step once and averages the transformed vectors per
// product, which costs attributes·dim² + edges·dim operations instead of
// products·kinds·dim².
//
// The modification text is a bag of words plus the attributes it names,
// so that a caption reaches the attribute nodes of the graph:
//
//	q = mean{ u_w } + M · mean{ e_a : a requested } + N · mean{ e_a : a removed }
//
// A text names an attribute when it has every word of the attribute's
// value, and removes it when the word before the value is a negation or
// "replace" ("not floral", "replace red with blue").
//
// Composition follows the gated-residual form of TIRG (Vo et al., CVPR
// 2019):
//
//	compose(h_c, q) = h_c ⊙ σ(G q + g) + R q
//
// # Losses
//
// The compositional loss is the batch softmax of ComposeAE (Anwaar et al.,
// "Compositional Learning of Image-Text Query for Image Retrieval", WACV
// 2021): cosine similarities between each composed query and every target
// in the batch and the sampled negatives, scaled by 1/τ, under
// cross-entropy with the true target. It departs from ComposeAE in four
// ways:
//
//   - composition is the real-valued gate above, not a rotation in
//     complex space;
//   - there is no rotational-symmetry or reconstruction loss;
//   - the inputs are graph encodings, not image and BERT features;
//   - by default (Config.Symmetric) the loss also ranks each target
//     against the batch's composed queries, as the symmetric loss of CLIP
//     (Radford et al., ICML 2021) does.
//
// The link-prediction loss holds out one attribute edge of a product,
// encodes the product from its remaining neighbours, and scores the held
// out attribute against sampled attributes of the same kind with a
// DistMult score <h_p, d_k ⊙ e_a> (Yang et al., ICLR 2015) under the
// logistic loss with negative sampling.
//
// # Training
//
// Train optimises both losses with Adam (AdamW weight decay), stops early
// on recall over held-out training queries, and keeps the best epoch.
// TrainWith adds per-epoch checkpoints. A run resumed from one ends with
// the same parameters as the uninterrupted run, because the checkpoint
// stores the random source's state. A seed fixes every random draw, and
// results do not depend on the number of worker goroutines.
//
// All gradients are written by hand and checked against finite
// differences in the tests, layer by layer and through the whole loss.
package embed

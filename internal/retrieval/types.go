package retrieval

import "github.com/tailorsearch/tailor/internal/catalog"

// Product is a product as the API returns it.
type Product struct {
	ID         string              `json:"id"`
	Categories []string            `json:"categories"`
	Attributes []catalog.Attribute `json:"attributes"`
	ImageURL   string              `json:"image_url"`
}

// Filter restricts which products a search may return. Zero values do
// not restrict.
type Filter struct {
	Category   string              `json:"category,omitempty"`
	Require    []catalog.Attribute `json:"require,omitempty"`
	Exclude    []catalog.Attribute `json:"exclude,omitempty"`
	Properties []Condition         `json:"properties,omitempty"`
	Named      *NamedFilter        `json:"named,omitempty"`
}

// Condition compares a product property with a value: Op is one of eq,
// ne, lt, lte, gt, gte, and Value a string, number or boolean.
type Condition struct {
	Name  string `json:"name"`
	Op    string `json:"op"`
	Value any    `json:"value"`
}

// NamedFilter selects a merchandiser filter from the Cypher library
// (cypher/filter_NAME.cypher) with its parameters.
type NamedFilter struct {
	Name   string         `json:"name"`
	Params map[string]any `json:"params,omitempty"`
}

// IsZero reports whether f restricts nothing.
func (f Filter) IsZero() bool {
	return f.Category == "" && len(f.Require) == 0 && len(f.Exclude) == 0 && len(f.Properties) == 0 && f.Named == nil
}

// builtIn reports whether f uses only the parts that the engine can also
// apply in memory.
func (f Filter) builtIn() bool {
	return len(f.Properties) == 0 && f.Named == nil
}

// Request is one search.
type Request struct {
	Candidate    string
	Modification string
	K            int
	Offset       int // results to skip, for paging
	Filter       Filter
	Explain      bool

	// Similar ranks by similarity to the candidate's own vector and
	// ignores Modification.
	Similar bool
}

// Result is one ranked product.
type Result struct {
	Product     Product      `json:"product"`
	Score       float64      `json:"score"`
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Explanation is the reason a product matched.
type Explanation struct {
	// Shared lists the candidate's attributes that the product also has.
	Shared []catalog.Attribute `json:"shared"`

	// Requested lists attributes that the modification text requests and
	// the product has.
	Requested []catalog.Attribute `json:"requested"`

	// Missing lists attributes that the text requests and the product lacks.
	Missing []catalog.Attribute `json:"missing"`

	// Dropped lists the candidate's attributes that the product lacks.
	Dropped []catalog.Attribute `json:"dropped"`

	// Removed lists attributes the text requests to remove that the product
	// indeed lacks.
	Removed []catalog.Attribute `json:"removed"`

	// Neighbours are the other results most similar to this one.
	Neighbours []Neighbour `json:"neighbours"`

	// Preferences lists the preference groups that include this product;
	// each moved its vector towards the group's other products.
	Preferences []PreferenceUse `json:"preferences"`
}

// PreferenceUse names a preference group that moved a result.
type PreferenceUse struct {
	Group     string   `json:"group"`
	Context   string   `json:"context"`
	LikedWith []string `json:"liked_with"`
}

// Neighbour is a nearby result with its cosine similarity to this one.
type Neighbour struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"`
}

// Response is the result of a Request.
type Response struct {
	Candidate    Product  `json:"candidate"`
	ModelVersion int64    `json:"model_version"`
	Understood   Parsed   `json:"understood"`
	Results      []Result `json:"results"`

	// More reports whether results beyond this page exist.
	More bool `json:"-"`
}

// Parsed is the engine's reading of the modification text.
type Parsed struct {
	Words     []string            `json:"words"`
	Requested []catalog.Attribute `json:"requested"`
	Removed   []catalog.Attribute `json:"removed"`
}

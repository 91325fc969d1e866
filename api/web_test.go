package api_test

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/fashioniq"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/pipeline"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// The browser tests load this much of FashionIQ's dress category: the
// first train and val queries in file order, with the products they name.
const (
	webTrainQueries = 300
	webValQueries   = 60
)

// resultsK is the number of results the page requests by default.
const resultsK = 12

func TestWebAssets(t *testing.T) {
	engine := retrieval.NewEngine(nil, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(api.NewServer(engine, nil, slog.New(slog.DiscardHandler), api.DefaultLimits()).Handler())
	t.Cleanup(srv.Close)

	tests := []struct {
		path        string
		status      int
		contentType string
		contains    string
	}{
		{"/", http.StatusOK, "text/html; charset=utf-8", `<script type="module" src="/static/app.js">`},
		{"/static/app.js", http.StatusOK, "text/javascript; charset=utf-8", "async function search("},
		{"/static/style.css", http.StatusOK, "text/css; charset=utf-8", ".placeholder"},
		{"/static/icon.svg", http.StatusOK, "image/svg+xml", "<svg"},
		{"/static/index.html", http.StatusNotFound, "application/json; charset=utf-8", `"not_found"`},
		{"/static/missing.js", http.StatusNotFound, "application/json; charset=utf-8", "app.js, style.css and icon.svg"},
		{"/static/../api.go", http.StatusNotFound, "application/json; charset=utf-8", `"not_found"`},
	}

	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, srv.URL+tt.path, "")

			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}

			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}

			if !strings.Contains(body, tt.contains) {
				t.Errorf("body does not contain %q", tt.contains)
			}
		})
	}
}

func TestWebAssetHeaders(t *testing.T) {
	engine := retrieval.NewEngine(nil, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(api.NewServer(engine, nil, slog.New(slog.DiscardHandler), api.DefaultLimits()).Handler())
	t.Cleanup(srv.Close)

	resp, _ := get(t, srv.URL+"/", "")

	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "style-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}

	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}

	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /")
	}

	again, _ := get(t, srv.URL+"/", etag)
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("status with If-None-Match %s = %d, want 304", etag, again.StatusCode)
	}
}

// TestWebAssetsStayLocal checks that index.html, style.css and app.js
// name no file on another host: no absolute src, href or url(), no
// @import and no CDN.
func TestWebAssetsStayLocal(t *testing.T) {
	for _, name := range []string{"web/index.html", "web/style.css", "web/app.js"} {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}

		for _, bad := range []string{`src="http`, `href="http`, `src="//`, `href="//`, "url(http", "url(//", "@import", "cdn."} {
			if strings.Contains(string(raw), bad) {
				t.Errorf("%s contains %q; the page must load its files from this server only", name, bad)
			}
		}
	}
}

func get(t *testing.T, url, ifNoneMatch string) (*http.Response, string) {
	t.Helper()

	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}

	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	return resp, string(body)
}

// webFixture is a Tailor server over a small trained model of real
// FashionIQ dresses, with the loaded data for choosing test inputs.
type webFixture struct {
	url      string
	client   *graphdb.Client
	engine   *retrieval.Engine
	products map[string]catalog.Product
	queries  []catalog.Query
}

// fashionIQDir returns TAILOR_DATA_DIR. The test is skipped when it is
// unset, unless CI or TAILOR_REQUIRE_BROWSER is set.
func fashionIQDir(t *testing.T) string {
	t.Helper()

	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		msg := "TAILOR_DATA_DIR is not set; set it to the folder that contains fashioniq/ to run the browser tests"
		if browserRequired() {
			t.Fatal(msg)
		}

		t.Skip(msg)
	}

	return dir
}

// newWebFixture loads a slice of FashionIQ dresses into the wiped test
// Neo4j, trains a tiny model and serves it on 127.0.0.1.
func newWebFixture(t *testing.T) *webFixture {
	t.Helper()

	dir := fashionIQDir(t)
	client := neo4jtest.Open(t)
	logger := neo4jtest.Logger()
	ctx := context.Background()

	data, err := fashioniq.Load(ctx, dir, []string{"dress"}, logger)
	if err != nil {
		t.Fatal(err)
	}

	products, queries := dressSlice(data)

	if err := client.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := client.Load(ctx, fashioniq.Source, products, queries, 0); err != nil {
		t.Fatal(err)
	}

	cfg := embed.Config{
		Dim: 16, Epochs: 2, BatchSize: 32, LearningRate: 3e-3, WeightDecay: 1e-4,
		LinkWeight: 0.5, Negatives: 16, LinkNegatives: 2, Temperature: 0.1, Seed: 1,
	}

	if _, err := pipeline.Train(ctx, logger, client, pipeline.TrainOptions{Config: cfg}); err != nil {
		t.Fatalf("train: %v", err)
	}

	loaded, err := pipeline.LoadModel(ctx, client, 0)
	if err != nil {
		t.Fatal(err)
	}

	engine := retrieval.NewEngine(client, logger)
	if err := engine.SetLoaded(ctx, loaded); err != nil {
		t.Fatal(err)
	}

	f := &webFixture{client: client, engine: engine, products: map[string]catalog.Product{}}
	f.url = f.serve(t, "")

	for _, p := range products {
		f.products[p.ID] = p
	}

	for _, q := range queries {
		if q.Split == "train" {
			f.queries = append(f.queries, q)
		}
	}

	return f
}

// serve starts another server over the fixture's engine, requiring
// apiKey for changes when it is not empty, and returns its URL.
func (f *webFixture) serve(t *testing.T, apiKey string) string {
	t.Helper()

	s := api.NewServer(f.engine, f.client, neo4jtest.Logger(), api.DefaultLimits()).WithAPIKey(apiKey)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	return srv.URL
}

// dressSlice returns the first webTrainQueries train and webValQueries
// val dress queries and the products they name.
func dressSlice(d *fashioniq.Dataset) ([]catalog.Product, []catalog.Query) {
	limits := map[string]int{"train": webTrainQueries, "val": webValQueries}
	perSplit := map[string]int{}
	named := map[string]bool{}

	var queries []catalog.Query
	for _, q := range d.Queries {
		if q.Category != "dress" || perSplit[q.Split] >= limits[q.Split] {
			continue
		}

		perSplit[q.Split]++
		queries = append(queries, q)
		named[q.Candidate] = true
		named[q.Target] = true
	}

	var products []catalog.Product
	for _, p := range d.Products {
		if named[p.ID] {
			products = append(products, p)
		}
	}

	return products, queries
}

// startQuery returns the first train query whose candidate has at least
// three attributes, so that the explanations list shared and dropped ones.
func (f *webFixture) startQuery(t *testing.T) catalog.Query {
	t.Helper()

	for _, q := range f.queries {
		if len(f.products[q.Candidate].Attributes) >= 3 {
			return q
		}
	}

	t.Fatal("no train query in the slice has a candidate with three attributes")

	return catalog.Query{}
}

// commonAttributes returns the attributes of the loaded products, most
// frequent first, leaving out the kind "category", which nearly every
// dress has.
func (f *webFixture) commonAttributes() []catalog.Attribute {
	counts := map[catalog.Attribute]int{}
	for _, p := range f.products {
		for _, a := range p.Attributes {
			if a.Kind != "category" {
				counts[a]++
			}
		}
	}

	out := make([]catalog.Attribute, 0, len(counts))
	for a := range counts {
		out = append(out, a)
	}

	slices.SortFunc(out, func(a, b catalog.Attribute) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Value, b.Value))
	})

	return out
}

// hasAttribute reports whether the engine's current graph gives product
// id the attribute a.
func (f *webFixture) hasAttribute(t *testing.T, id string, a catalog.Attribute) bool {
	t.Helper()

	p, err := f.engine.Product(id)
	if err != nil {
		t.Fatalf("product %s shown by the page: %v", id, err)
	}

	return slices.Contains(p.Attributes, a)
}

// card is what the page shows for one result.
type card struct {
	ID                 string   `json:"id"`
	Score              float64  `json:"score"`
	Reasons            []string `json:"reasons"`
	Image              string   `json:"image"`
	Placeholder        string   `json:"placeholder"`
	PlaceholderVisible bool     `json:"placeholderVisible"`
}

const cardsJS = `[...document.querySelectorAll('#results .card')].map((c) => {
  const ph = c.querySelector('.placeholder');
  return {
    id: c.dataset.id,
    score: Number(c.dataset.score),
    reasons: [...c.querySelectorAll('[data-reason]')].map((r) => r.dataset.reason + ': ' + r.textContent),
    image: c.querySelector('.figure').dataset.image,
    placeholder: ph.textContent,
    placeholderVisible: getComputedStyle(ph).display !== 'none' && ph.getBoundingClientRect().height > 0,
  };
})`

func (p *page) cards() []card {
	p.t.Helper()

	return eval[[]card](p, cardsJS)
}

func (p *page) searches() int {
	p.t.Helper()

	return eval[int](p, `Number(document.body.dataset.searches)`)
}

// afterSearch runs step and waits until the page has finished one more
// search than before.
func (p *page) afterSearch(what string, step func()) {
	p.t.Helper()

	n := p.searches()
	step()
	p.waitFor(what, fmt.Sprintf(`Number(document.body.dataset.searches) > %d && document.body.dataset.busy === 'false'`, n))

	if msg := p.errorBanner(); msg != "" {
		p.t.Fatalf("%s: the page shows the error %q", what, msg)
	}
}

// open loads the page and waits until its lists are filled.
func (p *page) open() {
	p.t.Helper()

	p.do("open the page", chromedp.Navigate(p.base+"/"))
	p.waitFor("the page to start", `document.body.dataset.ready === 'true' && document.body.dataset.busy === 'false'`)
}

// startFrom opens product id by its id and searches with modification.
func (p *page) startFrom(id, modification string) {
	p.t.Helper()

	p.afterSearch("open "+id, func() {
		p.do("type the product id", chromedp.SetValue(chromedp.ID("product-id"), id), chromedp.Click(chromedp.CSS("#by-id button[type=submit]")))
	})

	if modification == "" {
		return
	}

	p.afterSearch("search "+modification, func() {
		p.do("type the modification", chromedp.SendKeys(chromedp.ID("modification"), modification), chromedp.Click(chromedp.CSS("#search-form button[type=submit]")))
	})
}

func (p *page) text(selector string) string {
	p.t.Helper()

	return eval[string](p, fmt.Sprintf(`(document.querySelector(%q) || {textContent: ''}).textContent`, selector))
}

func (p *page) count(selector string) int {
	p.t.Helper()

	return eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, selector))
}

func (p *page) currentID() string {
	p.t.Helper()

	return p.text("#current .id")
}

// waitImages waits until every result image has loaded or failed.
func (p *page) waitImages() {
	p.t.Helper()

	p.waitFor("the result images to settle", `[...document.querySelectorAll('#results .figure')].every((f) => f.dataset.image !== 'loading')`)
}

func ids(cards []card) []string {
	out := make([]string, len(cards))
	for i, c := range cards {
		out[i] = c.ID
	}

	return out
}

func TestWebPage(t *testing.T) {
	chromiumPath(t) // fails or skips before the slow fixture when Chromium is missing
	f := newWebFixture(t)
	b := newBrowser(t)
	start := f.startQuery(t)
	modification := start.Text()
	common := f.commonAttributes()

	if len(common) < 2 {
		t.Fatalf("the slice has %d attributes besides category; the filter steps need two", len(common))
	}

	t.Run("load", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.screenshot("loaded")

		if got := eval[string](p, `document.title`); !strings.HasPrefix(got, "Tailor") {
			t.Errorf("title = %q, want it to start with Tailor", got)
		}

		if got := p.text("#model"); !strings.Contains(got, "Model version") {
			t.Errorf("model line = %q, want the loaded model version", got)
		}

		if got := eval[[]string](p, `[...document.querySelectorAll('#find-category option')].map((o) => o.value)`); !slices.Contains(got, "dress") {
			t.Errorf("category choices = %v, want dress among them", got)
		}

		if got := p.count("#attribute-options option"); got == 0 {
			t.Error("the attribute choices are empty")
		}

		if got := eval[bool](p, `document.querySelector('#session').hidden`); !got {
			t.Error("the session panel shows before a product is picked")
		}
	})

	t.Run("search shows explained cards", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.startFrom(start.Candidate, modification)
		p.waitImages()
		p.screenshot("results")

		cards := p.cards()
		if len(cards) != resultsK {
			t.Fatalf("%d result cards, want %d", len(cards), resultsK)
		}

		if slices.Contains(ids(cards), start.Candidate) {
			t.Errorf("the starting product %s is among its own results", start.Candidate)
		}

		if !slices.IsSortedFunc(cards, func(a, b card) int { return cmp.Compare(b.Score, a.Score) }) {
			t.Errorf("scores are not in descending order: %v", cards)
		}

		for _, c := range cards {
			if len(c.Reasons) == 0 {
				t.Errorf("card %s has no explanation", c.ID)
			}

			if c.Image != "failed" {
				t.Errorf("card %s image state = %q, want failed (the tab blocks other hosts)", c.ID, c.Image)
			}

			if !c.PlaceholderVisible || !strings.Contains(c.Placeholder, "dress") {
				t.Errorf("card %s placeholder visible=%v text=%q, want a visible placeholder naming dress", c.ID, c.PlaceholderVisible, c.Placeholder)
			}
		}

		images := map[string]bool{}
		for _, prod := range f.products {
			images[prod.ImageURL] = true
		}

		blocked := p.blockedURLs()
		if len(blocked) == 0 {
			t.Error("the page requested no product image, so the placeholder path was not exercised")
		}

		for _, u := range blocked {
			if !images[u] {
				t.Errorf("the page requested %q, which is not a product image URL", u)
			}
		}

		if got := p.text("#understood"); !strings.Contains(got, modification) {
			t.Errorf("understood line = %q, want it to quote %q", got, modification)
		}

		if got := p.count("#chain li"); got != 1 {
			t.Errorf("chain has %d steps, want 1", got)
		}
	})

	t.Run("chain and step back", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.startFrom(start.Candidate, modification)

		first := p.cards()[0].ID
		p.afterSearch("start from the first result", func() {
			p.do("click Start from this", chromedp.Click(chromedp.CSS("#results .card:first-child .chain-to")))
		})

		if got := p.currentID(); got != first {
			t.Fatalf("current product = %q, want the clicked result %s", got, first)
		}

		if got := p.count("#chain li"); got != 2 {
			t.Errorf("chain has %d steps, want 2", got)
		}

		if got := p.text("#chain li:first-child .chain-mod"); !strings.Contains(got, modification) {
			t.Errorf("first step shows %q, want its modification %q", got, modification)
		}

		p.afterSearch("search from the second step", func() {
			p.do("type a second modification", chromedp.SendKeys(chromedp.ID("modification"), "is shorter"), chromedp.Click(chromedp.CSS("#search-form button[type=submit]")))
		})

		second := p.cards()[0].ID
		p.afterSearch("start from a result of the second step", func() {
			p.do("click the image of the first result", chromedp.Click(chromedp.CSS("#results .card:first-child .figure")))
		})

		if got := p.currentID(); got != second {
			t.Errorf("current product = %q, want %s", got, second)
		}

		if got := p.count("#chain li"); got != 3 {
			t.Errorf("chain has %d steps, want 3", got)
		}

		p.screenshot("three-steps")

		p.afterSearch("step back", func() {
			p.do("click Step back", chromedp.Click(chromedp.ID("step-back")))
		})

		if got := p.currentID(); got != first {
			t.Errorf("after Step back the current product = %q, want %s", got, first)
		}

		if got := eval[string](p, `document.querySelector('#modification').value`); got != "is shorter" {
			t.Errorf("after Step back the modification = %q, want %q", got, "is shorter")
		}

		p.afterSearch("go back to the first step", func() {
			p.do("click the first step", chromedp.Click(chromedp.CSS("#chain li:first-child button")))
		})

		if got := p.currentID(); got != start.Candidate {
			t.Errorf("current product = %q, want the first step %s", got, start.Candidate)
		}

		if got := p.count("#chain li"); got != 1 {
			t.Errorf("chain has %d steps, want 1", got)
		}

		if got := eval[bool](p, `document.querySelector('#step-back').disabled`); !got {
			t.Error("Step back is enabled on the first step")
		}

		p.screenshot("stepped-back")
	})

	t.Run("filters", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.startFrom(start.Candidate, modification)

		p.afterSearch("limit the category", func() {
			p.do("choose the dress category", chromedp.Evaluate[chromedp.Void](`(() => {
				const s = document.querySelector('#filter-category');
				s.value = 'dress';
				s.dispatchEvent(new Event('change'));
			})()`))
		})

		required, excluded := common[0], common[1]
		p.afterSearch("require "+required.Value, func() {
			p.do("add a required attribute",
				chromedp.SendKeys(chromedp.ID("filter-attribute"), required.Kind+":"+required.Value),
				chromedp.Click(chromedp.CSS("#filter-form button[type=submit]")))
		})

		p.afterSearch("exclude "+excluded.Value, func() {
			p.do("add an excluded attribute",
				chromedp.SendKeys(chromedp.ID("filter-attribute"), excluded.Kind+":"+excluded.Value),
				chromedp.SetValue(chromedp.ID("filter-mode"), "exclude"),
				chromedp.Click(chromedp.CSS("#filter-form button[type=submit]")))
		})

		p.screenshot("filtered")

		if got := p.count("#filter-list .chip"); got != 2 {
			t.Errorf("%d filter chips, want 2", got)
		}

		if got := p.text("#changes"); !strings.Contains(got, "After excluding "+excluded.Value) {
			t.Errorf("change line = %q, want it to name the exclusion", got)
		}

		cards := p.cards()
		if len(cards) == 0 {
			t.Fatalf("no result passes the filters %v and not %v; the slice should have some", required, excluded)
		}

		for _, c := range cards {
			if !f.hasAttribute(t, c.ID, required) {
				t.Errorf("result %s lacks the required %v", c.ID, required)
			}

			if f.hasAttribute(t, c.ID, excluded) {
				t.Errorf("result %s has the excluded %v", c.ID, excluded)
			}
		}

		for range 2 {
			p.afterSearch("remove a filter", func() {
				p.do("click Remove on a filter", chromedp.Click(chromedp.CSS("#filter-list .chip button")))
			})
		}

		if got := p.count("#filter-list .chip"); got != 0 {
			t.Errorf("%d filter chips after removing both, want 0", got)
		}
	})

	t.Run("like several results", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.startFrom(start.Candidate, modification)

		liked := ids(p.cards())[:3]
		for i := range 3 {
			p.do("tick I like this", chromedp.Click(chromedp.CSS(fmt.Sprintf("#results .card:nth-child(%d) .like", i+1))))
		}

		if got := p.text("#like-count"); !strings.Contains(got, "3 results selected") {
			t.Errorf("like count = %q, want 3 results selected", got)
		}

		p.afterSearch("save the preference group", func() {
			p.do("save the group", chromedp.SendKeys(chromedp.ID("like-context"), "for a garden party"), chromedp.Click(chromedp.ID("save-like")))
		})

		p.screenshot("liked")

		if got := p.text("#changes"); !strings.Contains(got, "After saving the preference group “for a garden party”") {
			t.Errorf("change line = %q, want it to name the saved group", got)
		}

		groupID := eval[string](p, `(document.querySelector('#group-list li') || {dataset: {}}).dataset.id || ''`)
		group, err := f.engine.Preference(groupID)
		if err != nil {
			t.Fatalf("the page lists group %q, which the engine does not have: %v", groupID, err)
		}

		if !slices.Equal(slices.Sorted(slices.Values(group.Products)), slices.Sorted(slices.Values(liked))) {
			t.Errorf("stored group products = %v, want the liked %v", group.Products, liked)
		}

		explained := 0
		for _, c := range p.cards() {
			for _, r := range c.Reasons {
				if strings.HasPrefix(r, "preference: You liked it together with") {
					explained++
				}
			}
		}

		if explained == 0 {
			t.Error("no result explains that it was liked together with others")
		}

		p.afterSearch("remove the preference group", func() {
			p.do("click Remove on the group", chromedp.Click(chromedp.CSS("#group-list li button")))
		})

		if got := p.text("#changes"); !strings.Contains(got, "After removing the preference group") {
			t.Errorf("change line = %q, want it to name the removal", got)
		}

		if _, err := f.engine.Preference(groupID); err == nil {
			t.Errorf("group %s is still stored after Remove", groupID)
		}
	})

	t.Run("add a detail", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.startFrom(start.Candidate, modification)

		i := slices.IndexFunc(common, func(a catalog.Attribute) bool { return !f.hasAttribute(t, start.Candidate, a) })
		if i < 0 {
			t.Fatalf("%s already has every attribute of the slice", start.Candidate)
		}

		detail := common[i]

		before := p.cards()
		p.afterSearch("add a detail", func() {
			p.do("type the detail",
				chromedp.SendKeys(chromedp.ID("detail-kind"), detail.Kind),
				chromedp.SendKeys(chromedp.ID("detail-value"), detail.Value),
				chromedp.Click(chromedp.CSS("#add-detail button[type=submit]")))
		})

		p.screenshot("detail-added")

		if !f.hasAttribute(t, start.Candidate, detail) {
			t.Fatalf("the engine does not give %s the added %v", start.Candidate, detail)
		}

		item := fmt.Sprintf(`#current li[data-kind=%q][data-value=%q]`, detail.Kind, detail.Value)
		if got := p.text(item); !strings.Contains(got, "added by you") {
			t.Errorf("starting product lists the detail as %q, want it marked added by you", got)
		}

		if got := p.text("#changes"); !strings.Contains(got, "After adding "+detail.Value) {
			t.Errorf("change line = %q, want it to name the added detail", got)
		}

		after := p.cards()
		if slices.EqualFunc(before, after, func(a, b card) bool { return a.ID == b.ID && a.Score == b.Score }) {
			t.Error("the results are identical after adding a detail to the starting product")
		}

		p.afterSearch("remove the detail", func() {
			p.do("click Remove on the detail", chromedp.Click(chromedp.CSS(item+" button")))
		})

		if f.hasAttribute(t, start.Candidate, detail) {
			t.Errorf("%s still has %v after Remove", start.Candidate, detail)
		}

		if got := p.count(item); got != 0 {
			t.Errorf("the starting product still lists the removed detail")
		}
	})

	t.Run("find by attribute and random", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()

		attr := common[0]
		p.do("find products",
			chromedp.SetValue(chromedp.ID("find-category"), "dress"),
			chromedp.SendKeys(chromedp.ID("find-attribute"), attr.Kind+":"+attr.Value),
			chromedp.Click(chromedp.CSS("#by-attributes button[type=submit]")))
		p.waitFor("the found products", `document.querySelectorAll('#found .found-item').length > 0 && document.body.dataset.busy === 'false'`)

		found := eval[[]string](p, `[...document.querySelectorAll('#found .found-item')].map((b) => b.dataset.id)`)
		for _, id := range found {
			if !f.hasAttribute(t, id, attr) {
				t.Errorf("found product %s lacks %v", id, attr)
			}
		}

		p.screenshot("found")

		p.afterSearch("pick a found product", func() {
			p.do("click the first found product", chromedp.Click(chromedp.CSS("#found .found-item")))
		})

		if got := p.currentID(); got != found[0] {
			t.Errorf("current product = %q, want the picked %s", got, found[0])
		}

		p.afterSearch("pick a random product", func() {
			p.do("click Random product", chromedp.Click(chromedp.ID("random")))
		})

		if got := p.currentID(); f.products[got].ID == "" {
			t.Errorf("random product %q is not one of the loaded dresses", got)
		}
	})

	t.Run("API key for changes", func(t *testing.T) {
		const key = "test-key-for-the-page"

		p := b.newPage(t, f.serve(t, key), desktop)
		p.open()
		p.startFrom(start.Candidate, modification)
		p.expectFailedLoad("/v1/preferences")

		for i := range 2 {
			p.do("tick I like this", chromedp.Click(chromedp.CSS(fmt.Sprintf("#results .card:nth-child(%d) .like", i+1))))
		}

		p.do("save without the key", chromedp.Click(chromedp.ID("save-like")))
		p.waitFor("the key form", `!document.querySelector('#key-form').hidden`)
		p.screenshot("key-requested")

		if got := eval[string](p, `document.querySelector('#error').dataset.code || ''`); got != "unauthorized" {
			t.Errorf("error code = %q, want unauthorized", got)
		}

		if got := eval[string](p, `document.activeElement.id`); got != "api-key" {
			t.Errorf("focus is on %q, want the key field", got)
		}

		p.do("enter the key", chromedp.SendKeys(chromedp.ID("api-key"), key), chromedp.Click(chromedp.CSS("#key-form button[type=submit]")))
		p.afterSearch("save with the key", func() {
			p.do("save again", chromedp.Click(chromedp.ID("save-like")))
		})

		if got := p.count("#group-list li"); got != 1 {
			t.Fatalf("%d saved groups after entering the key, want 1", got)
		}

		p.afterSearch("remove the group with the key", func() {
			p.do("click Remove on the group", chromedp.Click(chromedp.CSS("#group-list li button")))
		})

		if got := eval[bool](p, `document.querySelector('#key-form').hidden`); !got {
			t.Error("the key form still shows after the key was accepted")
		}
	})

	t.Run("unknown id shows error", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()
		p.expectFailedLoad("/v1/products/NOSUCHPRODUCT")

		p.do("open an unknown id", chromedp.SetValue(chromedp.ID("product-id"), "NOSUCHPRODUCT"), chromedp.Click(chromedp.CSS("#by-id button[type=submit]")))
		p.waitFor("the error banner", `!document.querySelector('#error').hidden`)
		p.screenshot("unknown-id")

		if got := p.errorBanner(); !strings.Contains(got, `No product has the id "NOSUCHPRODUCT"`) {
			t.Errorf("error banner = %q, want it to name the id", got)
		}

		if got := eval[bool](p, `document.querySelector('#session').hidden`); !got {
			t.Error("the session panel shows after a failed open")
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		p := b.newPage(t, f.url, desktop)
		p.open()

		p.tabTo("#product-id", false)
		p.afterSearch("open with Enter", func() {
			p.do("type the id and press Enter", chromedp.KeyEvent(start.Candidate), chromedp.KeyEvent("\r"))
		})

		if got := eval[string](p, `document.activeElement.id`); got != "modification" {
			t.Errorf("focus after opening is on %q, want the modification field", got)
		}

		p.afterSearch("search with Enter", func() {
			p.do("type the modification and press Enter", chromedp.KeyEvent(modification), chromedp.KeyEvent("\r"))
		})

		first := p.cards()[0].ID
		p.tabTo("#results .card:first-child .chain-to", false)
		p.afterSearch("start from a result with Enter", func() {
			p.do("press Enter", chromedp.KeyEvent("\r"))
		})

		if got := p.currentID(); got != first {
			t.Errorf("current product = %q, want %s", got, first)
		}

		p.tabTo("#step-back", true)
		p.afterSearch("step back with Enter", func() {
			p.do("press Enter", chromedp.KeyEvent("\r"))
		})

		if got := p.currentID(); got != start.Candidate {
			t.Errorf("current product after Step back = %q, want %s", got, start.Candidate)
		}

		for i := range 2 {
			p.tabTo(fmt.Sprintf("#results .card:nth-child(%d) .like", i+1), false)
			p.do("press Space", chromedp.KeyEvent(" "))
		}

		if got := p.text("#like-count"); !strings.Contains(got, "2 results selected") {
			t.Errorf("like count = %q, want 2 results selected", got)
		}

		p.tabTo("#like-context", true)
		p.afterSearch("save the group with Enter", func() {
			p.do("type the context and press Enter", chromedp.KeyEvent("for work"), chromedp.KeyEvent("\r"))
		})

		if got := p.text("#changes"); !strings.Contains(got, "After saving the preference group") {
			t.Errorf("change line = %q, want it to name the saved group", got)
		}

		p.tabTo("#group-list li button", false)
		p.afterSearch("remove the group with Enter", func() {
			p.do("press Enter", chromedp.KeyEvent("\r"))
		})

		p.screenshot("keyboard")

		if got := eval[string](p, `document.querySelector(':focus-visible') ? 'visible' : 'none'`); got != "visible" {
			t.Errorf("no element shows a visible focus after keyboard use")
		}
	})

	t.Run("phone width", func(t *testing.T) {
		p := b.newPage(t, f.url, phone)
		p.open()
		p.startFrom(start.Candidate, modification)
		p.waitImages()
		p.screenshot("phone")
		p.do("scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		p.screenshotViewport("phone-top")
		p.do("scroll to the results", chromedp.ScrollIntoView(chromedp.ID("results-heading")))
		p.screenshotViewport("phone-results")

		if got := eval[int](p, `window.innerWidth`); got != int(phone.width) {
			t.Fatalf("viewport width = %d, want %d", got, phone.width)
		}

		if overflow := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("the page is %d px wider than the screen", overflow)
		}

		lefts := eval[[]float64](p, `[...document.querySelectorAll('#results .card')].map((c) => c.getBoundingClientRect().left)`)
		if len(lefts) == 0 || slices.Min(lefts) != slices.Max(lefts) {
			t.Errorf("card left edges = %v, want one column", lefts)
		}

		rights := eval[[]float64](p, `[...document.querySelectorAll('#results .card, input, button, select')].map((c) => c.getBoundingClientRect().right)`)
		if len(rights) > 0 && slices.Max(rights) > float64(phone.width) {
			t.Errorf("an element reaches %.0f px, past the %d px screen", slices.Max(rights), phone.width)
		}

		if size := eval[float64](p, `parseFloat(getComputedStyle(document.querySelector('.reasons')).fontSize)`); size < 14 {
			t.Errorf("explanations are %.1f px, too small to read on a phone", size)
		}
	})
}

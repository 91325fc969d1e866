package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

type setting struct {
	clients int
	filter  bool
	explain bool
}

type outcome struct {
	requests int
	errors   int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "base URL of a running Tailor server (loopback only)")
	duration := flag.Duration("duration", 10*time.Second, "time spent on each setting")
	maxRequests := flag.Int("requests", 20000, "most requests sent in one setting")
	category := flag.String("category", "dress", "category of the candidates and of the filter")
	flag.Parse()

	if err := run(*base, *duration, *maxRequests, *category); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(base string, duration time.Duration, maxRequests int, category string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		return fmt.Errorf("invalid -url %q: use a loopback address such as http://127.0.0.1:8080", base)
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}

	candidates, err := sampleCandidates(client, base, category)
	if err != nil {
		return err
	}

	fmt.Printf("| clients | filter | explain | requests | errors | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|---|\n")

	for _, s := range settings() {
		o := measure(client, base, candidates, category, s, duration, maxRequests)
		fmt.Printf("| %d | %v | %v | %d | %d | %.0f | %.2f | %.2f |\n", s.clients, s.filter, s.explain, o.requests, o.errors,
			float64(o.requests)/o.elapsed.Seconds(), ms(o.p50), ms(o.p99))
	}

	return interactionDelay(client, base, candidates)
}

func settings() []setting {
	var out []setting
	for _, c := range []int{1, 8, 32} {
		for _, f := range []bool{false, true} {
			for _, e := range []bool{false, true} {
				out = append(out, setting{clients: c, filter: f, explain: e})
			}
		}
	}

	return out
}

func sampleCandidates(client *http.Client, base, category string) ([]string, error) {
	var body struct {
		Products []struct {
			ID string `json:"id"`
		} `json:"products"`
	}

	if err := getJSON(client, base+"/v1/products?random=true&seed=1&limit=200&category="+url.QueryEscape(category), &body); err != nil {
		return nil, fmt.Errorf("sample candidates: %w", err)
	}

	if len(body.Products) == 0 {
		return nil, fmt.Errorf("sample candidates: category %q has no products", category)
	}

	ids := make([]string, len(body.Products))
	for i, p := range body.Products {
		ids[i] = p.ID
	}

	return ids, nil
}

var modifications = []string{"is darker", "is longer with floral print", "has short sleeves", "is red and shorter", "more casual"}

func searchBody(cand, category string, i int, s setting) []byte {
	req := map[string]any{"candidate": cand, "modification": modifications[i%len(modifications)], "k": 10, "explain": s.explain}
	if s.filter {
		req["filter"] = map[string]any{"category": category, "exclude": []map[string]string{{"kind": "part", "value": "zipper"}}}
	}

	b, _ := json.Marshal(req)

	return b
}

// measure runs s.clients workers until duration passes or maxRequests are sent.
func measure(client *http.Client, base string, candidates []string, category string, s setting, duration time.Duration, maxRequests int) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		next      int
		wg        sync.WaitGroup
	)

	start := time.Now()
	for range s.clients {
		wg.Add(1)

		go func() {
			defer wg.Done()

			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()

				if i >= maxRequests {
					return
				}

				t0 := time.Now()
				err := post(client, base+"/v1/search", searchBody(candidates[i%len(candidates)], category, i, s), nil)
				d := time.Since(t0)

				mu.Lock()
				if err != nil {
					errs++
				} else {
					latencies = append(latencies, d)
				}
				mu.Unlock()
			}
		}()
	}

	wg.Wait()

	slices.Sort(latencies)

	return outcome{requests: len(latencies), errors: errs, elapsed: time.Since(start), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99)}
}

// interactionDelay adds a user attribute and a preference group and times
// how long until a search reflects each, then undoes both.
func interactionDelay(client *http.Client, base string, candidates []string) error {
	cand := candidates[0]
	search := []byte(fmt.Sprintf(`{"candidate": %q, "modification": "is velvet", "k": 100, "explain": false}`, cand))

	// The product at rank 50 is in the results before and after, so its
	// score shows the change.
	target, before, err := resultAt(client, base, search, 49)
	if err != nil {
		return err
	}

	start := time.Now()
	if err := post(client, base+"/v1/products/"+target+"/attributes", []byte(`{"kind": "fabric", "value": "velvet"}`), nil); err != nil {
		return fmt.Errorf("add attribute: %w", err)
	}

	attrDelay, err := waitChange(client, base, search, target, before, start)
	if err != nil {
		return err
	}

	req, _ := http.NewRequest(http.MethodDelete, base+"/v1/products/"+target+"/attributes?kind=fabric&value=velvet", nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}

	var group struct {
		ID string `json:"id"`
	}

	start = time.Now()
	body := []byte(fmt.Sprintf(`{"products": [%q, %q], "context": "benchmark"}`, target, cand))
	if err := post(client, base+"/v1/preferences", body, &group); err != nil {
		return fmt.Errorf("add preference: %w", err)
	}

	prefDelay, err := waitChange(client, base, search, target, before, start)
	if err != nil {
		return err
	}

	req, _ = http.NewRequest(http.MethodDelete, base+"/v1/preferences/"+group.ID, nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}

	fmt.Printf("\nPOST to first search that reflects it: attribute %.2f ms, preference group %.2f ms\n", ms(attrDelay), ms(prefDelay))

	return nil
}

func waitChange(client *http.Client, base string, search []byte, id string, before float64, start time.Time) (time.Duration, error) {
	for time.Since(start) < 10*time.Second {
		score, err := scoreOf(client, base, search, id)
		if err != nil {
			return 0, err
		}

		if score != before {
			return time.Since(start), nil
		}
	}

	return 0, errors.New("no search reflected the interaction within 10 s")
}

// searchResult is one ranked product as the benchmark reads it.
type searchResult struct {
	Product struct {
		ID string `json:"id"`
	} `json:"product"`
	Score float64 `json:"score"`
}

func searchResults(client *http.Client, base string, search []byte) ([]searchResult, error) {
	var resp struct {
		Results []searchResult `json:"results"`
	}

	err := post(client, base+"/v1/search", search, &resp)

	return resp.Results, err
}

func resultAt(client *http.Client, base string, search []byte, rank int) (string, float64, error) {
	results, err := searchResults(client, base, search)
	if err != nil {
		return "", 0, err
	}

	if len(results) <= rank {
		return "", 0, fmt.Errorf("search returned %d results, fewer than %d", len(results), rank+1)
	}

	return results[rank].Product.ID, results[rank].Score, nil
}

// scoreOf returns id's score in the search, or -2 when it is not among the results.
func scoreOf(client *http.Client, base string, search []byte, id string) (float64, error) {
	results, err := searchResults(client, base, search)
	if err != nil {
		return 0, err
	}

	for _, r := range results {
		if r.Product.ID == id {
			return r.Score, nil
		}
	}

	return -2, nil
}

func post(client *http.Client, url string, body []byte, out any) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("POST %s: status %d: %s", url, resp.StatusCode, raw)
	}

	if out == nil {
		return nil
	}

	return json.Unmarshal(raw, out)
}

func getJSON(client *http.Client, url string, out any) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}

	return json.NewDecoder(resp.Body).Decode(out)
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}

	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
